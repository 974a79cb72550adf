import type { LeaderboardRow } from "./types";

/** What the page needs to draw tied groups and interval whiskers over all rows (not only one page of them). */
export interface StatisticsView {
  /** Group number -> its leader (the group's first ranked entry): submission and rank. */
  leader: Map<number, { submissionId: string; rank: number }>;
  /** Group number -> how many entries it has. */
  size: Map<number, number>;
  /** The whiskers' common axis: the lowest and highest interval bound of all rows, or null when none has one. */
  scale: [number, number] | null;
}

/** `rows` in ranking order (loadOverallLeaderboard's, before any sorting by another column). */
export function statisticsView(rows: readonly LeaderboardRow[]): StatisticsView {
  const leader = new Map<number, { submissionId: string; rank: number }>();
  const size = new Map<number, number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    if (r.rankGroup !== null && r.rank !== null) {
      if (!leader.has(r.rankGroup)) leader.set(r.rankGroup, { submissionId: r.submissionId, rank: r.rank });
      size.set(r.rankGroup, (size.get(r.rankGroup) ?? 0) + 1);
    }
    if (r.ci && r.ci.low !== null && r.ci.high !== null) {
      lo = Math.min(lo, r.ci.low);
      hi = Math.max(hi, r.ci.high);
    }
  }
  return { leader, size, scale: lo <= hi ? [lo, hi] : null };
}

/** How a row shows its tied group: null when it is alone in it (or has none). */
export function groupBand(row: LeaderboardRow, view: StatisticsView): { group: number; leads: boolean; label: string } | null {
  if (row.rankGroup === null || (view.size.get(row.rankGroup) ?? 0) < 2) return null;
  const leader = view.leader.get(row.rankGroup)!;
  const others = view.size.get(row.rankGroup)! - 1;
  return leader.submissionId === row.submissionId
    ? { group: row.rankGroup, leads: true, label: `leads a tied group of ${others + 1}` }
    : { group: row.rankGroup, leads: false, label: `statistically tied with #${leader.rank}` };
}
