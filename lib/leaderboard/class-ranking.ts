import { assignRanks, type RankedEntry, type RankedRow } from "./ranking";

export interface ClassRanking {
  /** Teams ordered by their ranked entry's AP on this class; baselines shown, unranked. */
  rows: RankedRow<RankedEntry & { overallRank: number | null }>[];
  /** The first ranked row with a defined AP, or null when no team has one. */
  best: RankedRow<RankedEntry & { overallRank: number | null }> | null;
  /** Mean AP over ranked teams with a defined AP: how hard the class is. Null when none. */
  meanAp: number | null;
}

/**
 * Ranks the teams on one class using the same entry per team as the overall leaderboard
 * (so the matrix and the class view agree). `classAp` maps submission id to the class's AP
 * on the split, null where the class has no ground truth there.
 */
export function rankClass(overall: RankedRow[], classAp: Map<string, number | null>): ClassRanking {
  const entries = overall.map(({ rank, entry }) => ({
    ...entry,
    overallRank: rank,
    primary: classAp.get(entry.submissionId) ?? null,
  }));
  const rows = assignRanks(entries);
  const best = rows.find((r) => r.rank !== null && r.entry.primary !== null) ?? null;
  const defined = rows.filter((r) => r.rank !== null && r.entry.primary !== null).map((r) => r.entry.primary as number);
  const meanAp = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  return { rows, best, meanAp };
}

/** Mean AP over teams for every class column, from the matrix cells (null cells ignored). */
export function columnMeans(cells: (number | null)[][], columns: number): (number | null)[] {
  const means: (number | null)[] = [];
  for (let c = 0; c < columns; c++) {
    let sum = 0;
    let n = 0;
    for (const row of cells) {
      const v = row[c];
      if (v !== null && v !== undefined) {
        sum += v;
        n += 1;
      }
    }
    means.push(n > 0 ? sum / n : null);
  }
  return means;
}
