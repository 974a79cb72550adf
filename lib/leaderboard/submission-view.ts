import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { notFound } from "@/lib/auth/errors";
import type { ChallengeFacts } from "@/lib/auth/policy";
import { canManageChallenge, canViewPrivateLeaderboard, canViewPrivateScores, canViewSubmissionPage } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { entryLabel } from "./load-labels";
import { rankSplit } from "./load-overall";
import { metricsFromRow, definedOrNull, type Metrics } from "./metrics";
import { loadPhaseContext, type PhaseContext } from "./phase-context";
import type { SplitName, TeamRef } from "./types";

export interface PrCurves {
  recall: number[];
  iou50: number[];
  iou75: number[];
  mean: number[];
}

export interface ClassResult {
  cocoId: number;
  name: string;
  numGt: number;
  numDt: number;
  metrics: Metrics;
  prCurves: PrCurves | null;
}

export interface SplitResult {
  primary: number | null;
  metrics: Metrics;
  evalConfigVersion: number;
  perClass: ClassResult[];
}

export interface SubmissionView {
  context: PhaseContext;
  facts: ChallengeFacts;
  isOrganizer: boolean;
  submission: {
    id: string;
    team: TeamRef;
    isBaseline: boolean;
    status: string;
    description: string;
    originalFilename: string;
    createdAt: Date;
    finishedAt: Date | null;
    errorCode: string | null;
    errorMessage: string | null;
    evaluatorVersion: string | null;
    evalConfigVersion: number | null;
    selectedForFinal: boolean;
  };
  /** Rank on the public leaderboard when this is its team's ranked entry there. */
  publicRank: number | null;
  /** The scores were computed with an older protocol version than the phase's current one. */
  isOutdated: boolean;
  scores: Partial<Record<SplitName, SplitResult>>;
  /** The private split exists but the viewer may not see its numbers yet. */
  privateHidden: boolean;
}

function parseCurves(value: unknown): PrCurves | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const arr = (x: unknown) => (Array.isArray(x) ? x.map(Number) : null);
  const recall = arr(v.recall);
  const iou50 = arr(v.iou50);
  const iou75 = arr(v.iou75);
  const mean = arr(v.mean);
  if (!recall || !iou50 || !iou75 || !mean) return null;
  return { recall, iou50, iou75, mean };
}

async function loadSplitResult(submissionId: string, split: "PUBLIC" | "PRIVATE", withCurves: boolean): Promise<SplitResult | null> {
  const score = await prisma.score.findUnique({ where: { submissionId_split: { submissionId, split } } });
  if (!score) return null;
  const classScores = await prisma.classScore.findMany({
    where: { submissionId, split },
    select: {
      ap: true,
      ap50: true,
      ap75: true,
      apSmall: true,
      apMedium: true,
      apLarge: true,
      ar1: true,
      ar10: true,
      ar100: true,
      arSmall: true,
      arMedium: true,
      arLarge: true,
      numGt: true,
      numDt: true,
      prCurves: withCurves,
      category: { select: { cocoId: true, name: true } },
    },
  });
  return {
    primary: definedOrNull(score.primary),
    metrics: metricsFromRow(score),
    evalConfigVersion: score.evalConfigVersion,
    perClass: classScores
      .map((c) => ({
        cocoId: c.category.cocoId,
        name: c.category.name,
        numGt: c.numGt,
        numDt: c.numDt,
        metrics: metricsFromRow(c),
        prCurves: withCurves ? parseCurves(c.prCurves) : null,
      }))
      .sort((a, b) => a.cocoId - b.cocoId),
  };
}

/**
 * A submission's page data, or a 404 AuthError when the viewer may not see it (we do not
 * reveal that a hidden submission exists). Private-split numbers are only included when the
 * viewer may see them.
 */
export async function loadSubmissionView(
  viewer: Viewer,
  challengeSlug: string,
  submissionId: string,
  now: Date = new Date(),
): Promise<SubmissionView> {
  const hidden = () => notFound(`Submission "${submissionId}" not found.`);
  const sub = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: {
      id: true,
      teamId: true,
      isBaseline: true,
      status: true,
      description: true,
      originalFilename: true,
      createdAt: true,
      finishedAt: true,
      errorCode: true,
      errorMessage: true,
      evaluatorVersion: true,
      evalConfigVersion: true,
      selectedForFinal: true,
      team: { select: { name: true, slug: true } },
      phase: { select: { slug: true, challenge: { select: { slug: true } } } },
    },
  });
  if (!sub || sub.phase.challenge.slug !== challengeSlug) throw hidden();
  const context = await loadPhaseContext(challengeSlug, sub.phase.slug, now);
  if (!context) throw hidden();
  const facts = await loadChallengeFacts(viewer, context.challenge.id);
  if (!facts) throw hidden();
  const publicRanking = await rankSplit(context, "public", now);
  const onBoard = publicRanking.find((r) => r.entry.submissionId === sub.id);
  const pageFacts = {
    teamId: sub.teamId,
    isRankedEntry: onBoard !== undefined,
    publicSubmissionPages: context.challenge.publicSubmissionPages,
  };
  if (!canViewSubmissionPage(viewer, facts, context.phase, pageFacts)) throw hidden();
  const seesPrivate =
    canViewPrivateScores(viewer, facts, { teamId: sub.teamId }, context.phase, now) ||
    canViewPrivateLeaderboard(viewer, facts, context.phase, now);
  const [pub, priv] = await Promise.all([
    loadSplitResult(sub.id, "PUBLIC", true),
    seesPrivate && context.hasPrivateSplit ? loadSplitResult(sub.id, "PRIVATE", true) : Promise.resolve(null),
  ]);
  const scores: SubmissionView["scores"] = {};
  if (pub) scores.public = pub;
  if (priv) scores.private = priv;
  const current = context.evalConfig?.version ?? null;
  return {
    context,
    facts,
    isOrganizer: canManageChallenge(viewer, facts),
    submission: {
      id: sub.id,
      team: {
        id: sub.teamId,
        name: entryLabel({ isBaseline: sub.isBaseline, description: sub.description, teamName: sub.team?.name ?? null }),
        slug: sub.team?.slug ?? null,
      },
      isBaseline: sub.isBaseline,
      status: sub.status,
      description: sub.description,
      originalFilename: sub.originalFilename,
      createdAt: sub.createdAt,
      finishedAt: sub.finishedAt,
      errorCode: sub.errorCode,
      errorMessage: sub.errorMessage,
      evaluatorVersion: sub.evaluatorVersion,
      evalConfigVersion: sub.evalConfigVersion,
      selectedForFinal: sub.selectedForFinal,
    },
    publicRank: onBoard?.rank ?? null,
    isOutdated: pub !== null && current !== null && pub.evalConfigVersion !== current,
    scores,
    privateHidden: context.hasPrivateSplit && !seesPrivate,
  };
}
