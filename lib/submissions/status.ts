import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { denial } from "@/lib/auth/errors";
import { canViewPrivateScores, canViewSubmission } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import type { MetricsJson } from "./metrics-json";
import { STAT_NAMES } from "@/lib/eval/summarize";
import { queuePlace } from "@/lib/scheduling/position";
import { loadTideBreakdown, type TideBreakdown } from "./tide-breakdown";

/** COCO's twelve summary metrics by name ({"AP": 0.41, "AP50": ..., "ARl": ...}); null where COCOeval reports -1 (undefined). */
export type NamedMetrics = Record<(typeof STAT_NAMES)[number], number | null>;

export type SplitScores = Pick<MetricsJson, "stats" | "perClass"> & {
  /** COCO's twelve by name, or an LVIS phase's LVISEval keys (AP ... APf, AR@300 ...); null where undefined. */
  metrics: NamedMetrics | Record<string, number | null>;
  /** mIoU from instances, when the phase shows it. */
  miou?: unknown;
  evalConfigVersion: number;
};

/** The `stats` array (COCOeval.stats order) as named metrics. */
export function namedMetrics(stats: readonly number[]): NamedMetrics {
  return Object.fromEntries(STAT_NAMES.map((name, i) => [name, stats[i] !== undefined && stats[i] >= 0 ? stats[i] : null])) as NamedMetrics;
}

/** The body of GET /api/v1/submissions/{id}. */
export type SubmissionStatusBody = {
  id: string;
  status: "QUEUED" | "RUNNING" | "FINISHED" | "FAILED" | "CANCELLED";
  /** 0..1 over the whole evaluation. */
  progress: number;
  /** "parsing", "matching" or "accumulating" while running. */
  stage: string | null;
  error: { code: string; message: string } | null;
  challenge: string;
  phase: string;
  filename: string;
  description: string;
  createdAt: string;
  finishedAt: string | null;
  /**
   * While QUEUED: submissions (of all teams) that start before it, when it should start (null: no
   * worker serves its queue now) and the worker slots serving it. Null otherwise, or when Redis is away.
   */
  queue: { ahead: number; estimatedStartAt: string | null; startsInSeconds: number | null; slots: number } | null;
  /** Null until scored; "private" only for organizers, or for the team once the private split is released. */
  scores: { public?: SplitScores; private?: SplitScores } | null;
  /** TIDE's error analysis of the public split (docs/tide.md); null when none is expected (not finished, LVIS phases). */
  tide: TideBreakdown | null;
};

/**
 * A submission's status and scores for a viewer: the submitting team and the organizers. Others get
 * 404 (the submission's existence is not revealed), anonymous viewers 401.
 */
export async function getSubmissionStatus(viewer: Viewer, id: string, now = new Date()): Promise<SubmissionStatusBody> {
  const s = await prisma.submission.findUnique({
    where: { id },
    include: {
      phase: {
        select: {
          slug: true,
          challengeId: true,
          privateReleased: true,
          autoReleasePrivate: true,
          endsAt: true,
          challenge: { select: { slug: true } },
        },
      },
      scores: { select: { split: true, metrics: true, evalConfigVersion: true } },
    },
  });
  const facts = s ? await loadChallengeFacts(viewer, s.phase.challengeId) : null;
  if (!s || !facts || !canViewSubmission(viewer, facts, s)) {
    throw denial(viewer, { canSee: false, what: "Submission", action: "view this submission" });
  }
  const showPrivate = canViewPrivateScores(viewer, facts, s, s.phase, now);
  let scores: SubmissionStatusBody["scores"] = null;
  for (const score of s.scores) {
    if (score.split === "PRIVATE" && !showPrivate) continue;
    const metrics = score.metrics as unknown as MetricsJson & { lvis?: Record<string, number>; miou?: unknown };
    scores ??= {};
    scores[score.split === "PUBLIC" ? "public" : "private"] = {
      stats: metrics.stats,
      metrics: metrics.lvis
        ? Object.fromEntries(Object.entries(metrics.lvis).map(([k, v]) => [k, v >= 0 ? v : null]))
        : namedMetrics(metrics.stats),
      perClass: metrics.perClass,
      ...(metrics.miou ? { miou: metrics.miou } : {}),
      evalConfigVersion: score.evalConfigVersion,
    };
  }
  return {
    id: s.id,
    status: s.status,
    progress: s.progress,
    stage: s.status === "RUNNING" ? s.progressStage : null,
    error: s.errorCode && (s.status === "FAILED" || s.status === "CANCELLED") ? { code: s.errorCode, message: s.errorMessage ?? "" } : null,
    challenge: s.phase.challenge.slug,
    phase: s.phase.slug,
    filename: s.originalFilename,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
    queue: s.status === "QUEUED" ? await queueInfo(s.id) : null,
    scores,
    tide: s.status === "FINISHED" ? await loadTideBreakdown(s.id) : null,
  };
}

/** The queue place for the status body; a missing job or an unreachable Redis gives null, not an error. */
export async function queueInfo(submissionId: string): Promise<SubmissionStatusBody["queue"]> {
  const now = Date.now();
  const place = await queuePlace(submissionId, now).catch(() => null);
  if (!place) return null;
  const at = place.estimatedStartAt;
  return {
    ahead: place.ahead,
    estimatedStartAt: at?.toISOString() ?? null,
    startsInSeconds: at ? Math.max(0, Math.round((at.getTime() - now) / 1000)) : null,
    slots: place.slots,
  };
}
