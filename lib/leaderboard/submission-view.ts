import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { notFound } from "@/lib/auth/errors";
import type { ChallengeFacts } from "@/lib/auth/policy";
import {
  canCancelSubmission,
  canDownloadSubmissionFile,
  canManageChallenge,
  canViewPrivateLeaderboard,
  canViewPrivateScores,
  canViewSubmissionPage,
} from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { entryLabel, loadEntryLabels } from "./load-labels";
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
    /** Submitted after the phase's end: scored, never ranked. */
    isLate: boolean;
    /** Who cancelled it, when it was cancelled by someone (the reason is in errorMessage). */
    cancelledBy: string | null;
  };
  /** Rank on the public leaderboard when this is its team's ranked entry there. */
  publicRank: number | null;
  /** The scores were computed with an older protocol version than the phase's current one. */
  isOutdated: boolean;
  scores: Partial<Record<SplitName, SplitResult>>;
  /** The private split exists but the viewer may not see its numbers yet. */
  privateHidden: boolean;
  canCancel: boolean;
  canDownload: boolean;
  /** Submissions of the phase the viewer may compare this one with (own team's scored entries, ranked entries). */
  compareOptions: CompareOption[];
}

export interface CompareOption {
  id: string;
  label: string;
  group: "Your team" | "Leaderboard";
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
      isLate: true,
      cancelledBy: { select: { name: true, email: true } },
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
      isLate: sub.isLate,
      cancelledBy: sub.cancelledBy ? (sub.cancelledBy.name ?? sub.cancelledBy.email) : null,
    },
    canCancel: canCancelSubmission(viewer, facts, { teamId: sub.teamId, status: sub.status }) && ["QUEUED", "RUNNING"].includes(sub.status),
    canDownload: canDownloadSubmissionFile(viewer, facts, { teamId: sub.teamId }),
    compareOptions: await loadCompareOptions(viewer, facts, context, sub.id, publicRanking),
    publicRank: onBoard?.rank ?? null,
    isOutdated: pub !== null && current !== null && pub.evalConfigVersion !== current,
    scores,
    privateHidden: context.hasPrivateSplit && !seesPrivate,
  };
}

const MAX_OWN_OPTIONS = 50;
const MAX_RANKED_OPTIONS = 100;

/**
 * What the compare picker offers: the viewer's team's finished submissions of the phase, then the
 * public leaderboard's entries whose pages the viewer may open (all of them for organizers and when
 * the challenge makes ranked entries' pages public).
 */
async function loadCompareOptions(
  viewer: Viewer,
  facts: ChallengeFacts,
  context: PhaseContext,
  selfId: string,
  ranking: Awaited<ReturnType<typeof rankSplit>>,
): Promise<CompareOption[]> {
  const options: CompareOption[] = [];
  const fmt = (v: number | null | undefined) => (v === null || v === undefined || v < 0 ? "—" : v.toFixed(3));
  if (facts.participantTeamId) {
    const own = await prisma.submission.findMany({
      where: { phaseId: context.phase.id, teamId: facts.participantTeamId, status: "FINISHED", id: { not: selfId } },
      orderBy: { createdAt: "desc" },
      take: MAX_OWN_OPTIONS,
      select: { id: true, createdAt: true, description: true, scores: { where: { split: "PUBLIC" }, select: { primary: true } } },
    });
    for (const s of own)
      options.push({
        id: s.id,
        group: "Your team",
        label: `${s.createdAt.toISOString().slice(0, 16).replace("T", " ")} · ${fmt(s.scores[0]?.primary)}${s.description ? ` · ${s.description.slice(0, 40)}` : ""}`,
      });
  }
  const pagesOpen = context.challenge.publicSubmissionPages || canManageChallenge(viewer, facts);
  if (pagesOpen) {
    const entries = ranking
      .filter((r) => r.entry.submissionId !== selfId && r.entry.teamId !== facts.participantTeamId)
      .slice(0, MAX_RANKED_OPTIONS);
    const labels = await loadEntryLabels(entries.map((r) => r.entry.submissionId));
    for (const r of entries)
      options.push({
        id: r.entry.submissionId,
        group: "Leaderboard",
        label: `${r.rank === null ? "—" : `#${r.rank}`} ${labels.get(r.entry.submissionId)?.name ?? "?"} · ${fmt(r.entry.primary)}`,
      });
  }
  return options;
}
