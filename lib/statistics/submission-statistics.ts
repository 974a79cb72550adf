// What a submission page shows of the bootstrap (docs/statistics.md): the stored intervals of the 12
// stats (and each class's AP) per split, and the paired comparison of two submissions from their stored
// replicates — no evaluation. A split is read only when the caller's view holds that split's scores,
// so private-split intervals follow exactly the policy that shows or hides private scores.
import "server-only";
import { prisma } from "@/lib/db";
import { column, pairedComparison } from "@/lib/eval/bootstrap";
import { bytesFloat64, STAT_KEYS, type Interval, type StatKey, type StoredIntervals } from "./intervals";

export type SplitName = "public" | "private";
const SPLIT_ENUM = { public: "PUBLIC", private: "PRIVATE" } as const;

/** A split's scores as the viewer's page holds them (lib/leaderboard/submission-view's SplitResult). */
export interface VisibleSplit {
  evalConfigVersion: number;
  primary: number | null;
  metrics: Record<StatKey, number | null>;
}

/**
 * A submission as its viewer may see it: `scores` holds only the splits the policy lets the viewer see
 * (the private split once released, or for organizers), and that is all this module reads.
 */
export interface VisibleSubmission {
  submission: { id: string };
  scores: Partial<Record<SplitName, VisibleSplit>>;
}

export interface SplitIntervals {
  level: number;
  replicates: number;
  /** The phase's primary metric's interval (also when it is a class's AP). */
  primary: Interval;
  /** The 12 stats' percentile intervals (null: undefined in every replicate). */
  stats: Record<StatKey, Interval>;
  /** Each class's AP interval, by COCO category id. */
  perClass: Record<string, Interval>;
}

/** One metric's paired difference (first - second); null fields where a point or no replicate is defined. */
export interface PairedDifference {
  delta: number;
  ci: Interval;
  /** Share of the replicates in which the first scores strictly higher. */
  fractionBetter: number | null;
}

export type PairedStatistics =
  | {
      status: "paired";
      level: number;
      replicates: number;
      /** The phase's primary metric (its stored replicates: also a class's AP). */
      primary: PairedDifference | null;
      stats: Record<StatKey, PairedDifference | null>;
    }
  /** One of the two has no intervals yet (the follow-up job runs after the score is written). */
  | { status: "pending" }
  /** Scored under different protocol versions or bootstrap settings: their draws differ. */
  | { status: "unpaired"; reason: string };

async function loadRows(submissionIds: string[], split: SplitName) {
  return prisma.scoreStatistics.findMany({
    where: { submissionId: { in: submissionIds }, split: SPLIT_ENUM[split] },
    select: {
      submissionId: true,
      evalConfigVersion: true,
      replicates: true,
      level: true,
      seed: true,
      primaryLow: true,
      primaryHigh: true,
      intervals: true,
      primaryReplicates: true,
      statReplicates: true,
    },
  });
}

function perClassIntervals(stored: StoredIntervals): Record<string, Interval> {
  return Object.fromEntries(Object.entries(stored.perClass ?? {}).map(([id, c]) => [id, c.ap]));
}

/**
 * The intervals of each split the view holds scores of, when they are computed for those scores'
 * protocol version. A split missing from the result has no intervals yet (or is not visible).
 */
export async function loadVisibleIntervals(view: VisibleSubmission): Promise<Partial<Record<SplitName, SplitIntervals>>> {
  const out: Partial<Record<SplitName, SplitIntervals>> = {};
  for (const split of ["public", "private"] as const) {
    const scores = view.scores[split];
    if (!scores) continue;
    const [row] = await loadRows([view.submission.id], split);
    if (!row || row.evalConfigVersion !== scores.evalConfigVersion) continue;
    const stored = row.intervals as unknown as StoredIntervals;
    // jsonb keeps keys in its own order: the 12 come back in COCO's.
    const stats = Object.fromEntries(STAT_KEYS.map((key) => [key, stored.stats[key] ?? null])) as Record<StatKey, Interval>;
    const primary: Interval = row.primaryLow === null || row.primaryHigh === null ? null : [row.primaryLow, row.primaryHigh];
    out[split] = { level: row.level, replicates: row.replicates, primary, stats, perClass: perClassIntervals(stored) };
  }
  return out;
}

function difference(
  first: number | null,
  second: number | null,
  firstReplicates: ArrayLike<number>,
  secondReplicates: ArrayLike<number>,
  level: number,
): PairedDifference | null {
  if (first === null || second === null) return null;
  const paired = pairedComparison({ point: first, replicates: firstReplicates }, { point: second, replicates: secondReplicates }, level);
  return { delta: paired.delta, ci: paired.ci, fractionBetter: paired.fractionBetter };
}

/**
 * The paired comparison (first - second) of two submissions on `split`, from their stored replicates:
 * the same draws when both were bootstrapped under the same protocol version with the same seed and B
 * (docs/statistics.md). Null when the split's scores of either are not in its view (not visible).
 */
export async function loadPairedStatistics(
  first: VisibleSubmission,
  second: VisibleSubmission,
  split: SplitName,
): Promise<PairedStatistics | null> {
  const a = first.scores[split];
  const b = second.scores[split];
  if (!a || !b) return null;
  const rows = await loadRows([first.submission.id, second.submission.id], split);
  const rowA = rows.find((r) => r.submissionId === first.submission.id && r.evalConfigVersion === a.evalConfigVersion);
  const rowB = rows.find((r) => r.submissionId === second.submission.id && r.evalConfigVersion === b.evalConfigVersion);
  if (!rowA || !rowB) return { status: "pending" };
  if (rowA.evalConfigVersion !== rowB.evalConfigVersion)
    return {
      status: "unpaired",
      reason: `scored under different protocol versions (v${rowA.evalConfigVersion} and v${rowB.evalConfigVersion}): their bootstrap draws differ`,
    };
  if (rowA.seed !== rowB.seed || rowA.replicates !== rowB.replicates)
    return { status: "unpaired", reason: "bootstrapped with different seeds or replicate counts: their draws differ" };
  const level = rowA.level;
  const statsA = bytesFloat64(rowA.statReplicates);
  const statsB = bytesFloat64(rowB.statReplicates);
  const stats = Object.fromEntries(
    STAT_KEYS.map((key, i) => [key, difference(a.metrics[key], b.metrics[key], column(statsA, 12, i), column(statsB, 12, i), level)]),
  ) as Record<StatKey, PairedDifference | null>;
  return {
    status: "paired",
    level,
    replicates: rowA.replicates,
    primary: difference(a.primary, b.primary, bytesFloat64(rowA.primaryReplicates), bytesFloat64(rowB.primaryReplicates), level),
    stats,
  };
}
