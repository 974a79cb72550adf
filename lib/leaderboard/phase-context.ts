import "server-only";
import { prisma } from "@/lib/db";
import type { ChallengeStatus, ClassAveraging, IouType, LeaderboardVisibility, MetricFamily } from "@/lib/generated/prisma/enums";
import { DEFAULT_DILATION_RATIO, defaultParams } from "@/lib/eval";
import { statisticsOfRow } from "@/lib/challenges/eval-params";
import { STATISTICS_DEFAULTS, type Statistics } from "@/lib/challenges/protocol";
import type { CategoryInfo, SplitName } from "./types";

export interface PhaseSummary {
  id: string;
  slug: string;
  name: string;
  position: number;
  startsAt: Date;
  endsAt: Date;
  leaderboardVisibility: LeaderboardVisibility;
  privateReleased: boolean;
  privateReleasedAt: Date | null;
  autoReleasePrivate: boolean;
  allowLateSubmissions: boolean;
  maxFinalSelections: number;
}

export interface EvalConfigSummary {
  version: number;
  primaryMetric: string;
  metric: MetricFamily;
  iouType: IouType;
  dilationRatio: number;
  /** mIoU's score threshold when the phase shows mIoU as a secondary column, else null. */
  miouScoreThreshold: number | null;
  iouThresholds: number[];
  recallPoints: number;
  maxDets: number[];
  areaRanges: { name: string; range: [number, number] }[];
  useCats: boolean;
  classAveraging: ClassAveraging;
  /** Bootstrap settings: interval level, ranking rule (point | groups), ladder (docs/statistics.md). */
  statistics: Statistics;
}

export interface ChallengeSummary {
  id: string;
  slug: string;
  title: string;
  status: ChallengeStatus;
  publicSubmissionPages: boolean;
}

/** Everything a leaderboard of one phase needs to know before it reads scores. */
export interface PhaseContext {
  challenge: ChallengeSummary;
  phases: PhaseSummary[];
  phase: PhaseSummary;
  /** The phase's current protocol; leaderboards only use scores computed with this version. */
  evalConfig: EvalConfigSummary | null;
  groundTruthId: string | null;
  hasPrivateSplit: boolean;
  categories: (Omit<CategoryInfo, "gtInSplit"> & { publicCount: number; privateCount: number })[];
}

/**
 * A phase without any EvalConfig row is scored by the worker with COCO's default protocol and
 * recorded as version 0 (lib/scoring/scoring-context.ts); the leaderboard mirrors that.
 */
const DEFAULT_EVAL_CONFIG: EvalConfigSummary = (() => {
  const p = defaultParams("segm");
  return {
    version: 0,
    primaryMetric: "AP",
    metric: "COCO",
    iouType: "SEGM",
    dilationRatio: DEFAULT_DILATION_RATIO,
    miouScoreThreshold: null,
    iouThresholds: p.iouThresholds,
    recallPoints: p.recallPoints,
    maxDets: p.maxDets,
    areaRanges: p.areaRanges,
    useCats: p.useCats,
    classAveraging: "MACRO",
    statistics: STATISTICS_DEFAULTS,
  };
})();

const phaseSelect = {
  id: true,
  slug: true,
  name: true,
  position: true,
  startsAt: true,
  endsAt: true,
  leaderboardVisibility: true,
  privateReleased: true,
  privateReleasedAt: true,
  autoReleasePrivate: true,
  allowLateSubmissions: true,
  maxFinalSelections: true,
} as const;

/** The phase shown when none is asked for: the open one, else the latest that has started, else the first. */
export function defaultPhase<P extends Pick<PhaseSummary, "startsAt" | "endsAt">>(phases: P[], now: Date): P | undefined {
  const open = phases.filter((p) => p.startsAt <= now && now < p.endsAt);
  if (open.length > 0) return open[open.length - 1];
  const started = phases.filter((p) => p.startsAt <= now);
  if (started.length > 0) return started[started.length - 1];
  return phases[0];
}

/** Null when the challenge or the phase does not exist (callers answer 404). */
export async function loadPhaseContext(
  challengeSlug: string,
  phaseSlug: string | undefined,
  now: Date = new Date(),
): Promise<PhaseContext | null> {
  const challenge = await prisma.challenge.findUnique({
    where: { slug: challengeSlug },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      publicSubmissionPages: true,
      phases: { select: phaseSelect, orderBy: [{ position: "asc" }, { startsAt: "asc" }] },
    },
  });
  if (!challenge) return null;
  const { phases, ...challengeSummary } = challenge;
  const phase = phaseSlug ? phases.find((p) => p.slug === phaseSlug) : defaultPhase(phases, now);
  if (!phase) return null;
  return loadContextForPhase(challengeSummary, phases, phase);
}

export async function loadContextForPhase(challenge: ChallengeSummary, phases: PhaseSummary[], phase: PhaseSummary): Promise<PhaseContext> {
  const [evalConfig, groundTruth] = await Promise.all([
    prisma.evalConfig.findFirst({
      where: { phaseId: phase.id },
      orderBy: { version: "desc" },
      select: {
        version: true,
        primaryMetric: true,
        metric: true,
        iouType: true,
        dilationRatio: true,
        miouScoreThreshold: true,
        iouThresholds: true,
        recallPoints: true,
        maxDets: true,
        areaRanges: true,
        useCats: true,
        classAveraging: true,
        bootstrapReplicates: true,
        bootstrapLevel: true,
        bootstrapSeed: true,
        ranking: true,
        ladder: true,
      },
    }),
    prisma.groundTruth.findUnique({
      where: { phaseId: phase.id },
      select: {
        id: true,
        categories: {
          select: { id: true, cocoId: true, name: true, supercategory: true, frequency: true, publicCount: true, privateCount: true },
          orderBy: { cocoId: "asc" },
        },
      },
    }),
  ]);
  let hasPrivateSplit = false;
  if (groundTruth) {
    const privateImage = await prisma.imageSplit.findFirst({
      where: { groundTruthId: groundTruth.id, split: "PRIVATE" },
      select: { imageId: true },
    });
    hasPrivateSplit = privateImage !== null;
  }
  return {
    challenge,
    phases,
    phase,
    evalConfig: evalConfig ? summarizeEvalConfig(evalConfig) : DEFAULT_EVAL_CONFIG,
    groundTruthId: groundTruth?.id ?? null,
    hasPrivateSplit,
    categories: groundTruth?.categories ?? [],
  };
}

function summarizeEvalConfig(
  row: Omit<EvalConfigSummary, "areaRanges" | "statistics"> & { areaRanges: unknown } & Parameters<typeof statisticsOfRow>[0],
): EvalConfigSummary {
  const { bootstrapReplicates, bootstrapLevel, bootstrapSeed, ranking, ladder, ...rest } = row;
  return {
    ...rest,
    areaRanges: row.areaRanges as EvalConfigSummary["areaRanges"],
    statistics: statisticsOfRow({ bootstrapReplicates, bootstrapLevel, bootstrapSeed, ranking, ladder }),
  };
}

export function categoriesForSplit(context: PhaseContext, split: SplitName): CategoryInfo[] {
  return context.categories.map((c) => ({
    id: c.id,
    cocoId: c.cocoId,
    name: c.name,
    supercategory: c.supercategory,
    gtInSplit: split === "public" ? c.publicCount : c.privateCount,
    frequency: c.frequency,
  }));
}

export function toDbSplit(split: SplitName): "PUBLIC" | "PRIVATE" {
  return split === "public" ? "PUBLIC" : "PRIVATE";
}
