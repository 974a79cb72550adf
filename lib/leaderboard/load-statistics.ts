import "server-only";
import { prisma } from "@/lib/db";
import { bytesFloat64, type Interval, type StoredIntervals } from "@/lib/statistics/intervals";
import type { EntryStatistics } from "./ranking";
import { toDbSplit, type PhaseContext } from "./phase-context";
import type { SplitName } from "./types";

/**
 * Whether a phase's scores get bootstrap statistics at all: the statistics job replicates COCOeval only
 * (lib/statistics/compute-score-statistics.ts), so LVIS phases have no intervals, groups or ladder.
 */
export function hasStatistics(context: PhaseContext): boolean {
  return context.evalConfig !== null && context.evalConfig.metric === "COCO";
}

/**
 * The stored bootstrap of the primary metric (interval and replicates) of these submissions on a split,
 * computed under the phase's current config version: every such row shares that version's draws, so any
 * two are paired. Submissions whose statistics are not computed yet are absent.
 */
export async function loadEntryStatistics(
  context: PhaseContext,
  split: SplitName,
  submissionIds: string[],
): Promise<Map<string, EntryStatistics>> {
  if (!context.evalConfig || !hasStatistics(context) || submissionIds.length === 0) return new Map();
  const rows = await prisma.scoreStatistics.findMany({
    where: { submissionId: { in: submissionIds }, split: toDbSplit(split), evalConfigVersion: context.evalConfig.version },
    select: { submissionId: true, level: true, replicates: true, primaryLow: true, primaryHigh: true, primaryReplicates: true },
  });
  const out = new Map<string, EntryStatistics>();
  for (const row of rows) {
    const replicates = bytesFloat64(row.primaryReplicates);
    // Rows of one version share (seed, B); a row that disagrees was not drawn with the others: never pair it.
    if (replicates.length !== row.replicates || row.replicates !== context.evalConfig.statistics.replicates) continue;
    out.set(row.submissionId, { ci: { level: row.level, low: row.primaryLow, high: row.primaryHigh }, replicates });
  }
  return out;
}

/** Per-class AP intervals of some entries (ScoreStatistics.intervals.perClass of the current version). */
export interface ClassIntervals {
  level: number;
  /** Submission id -> COCO category id -> [low, high], or null where no replicate defines the class's AP. */
  bySubmission: Map<string, Record<string, { ap: Interval }>>;
}

/** The per-class intervals of these entries on a split; null for phases without a bootstrap. */
export async function loadClassIntervals(context: PhaseContext, split: SplitName, submissionIds: string[]): Promise<ClassIntervals | null> {
  if (!context.evalConfig || !hasStatistics(context)) return null;
  const rows =
    submissionIds.length === 0
      ? []
      : await prisma.scoreStatistics.findMany({
          where: { submissionId: { in: submissionIds }, split: toDbSplit(split), evalConfigVersion: context.evalConfig.version },
          select: { submissionId: true, intervals: true },
        });
  return {
    level: context.evalConfig.statistics.level,
    bySubmission: new Map(rows.map((r) => [r.submissionId, (r.intervals as unknown as StoredIntervals).perClass ?? {}])),
  };
}
