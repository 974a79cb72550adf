import { lowerTail, pairedDifferences, quantileSorted } from "@/lib/eval/bootstrap/percentile";

/** A ranked entry's replicates of the primary metric (same draws for every entry), or null before they are computed. */
export interface GroupedEntry {
  replicates: ArrayLike<number> | null;
}

/**
 * Tied rank groups (docs/statistics.md). Walking the ranking from the top, an entry joins the current
 * group when the percentile interval at `level` of the paired differences (group leader - entry) on
 * the primary metric contains 0 (bounds included); otherwise it opens the next group and leads it.
 * Inside a group the ranking's own order stands (point estimate, then earlier submission). Entries
 * without replicates get null and are skipped by the walk. Returns the group number (1, 2, ...) of
 * each entry, in the ranking's order.
 */
export function rankGroups(ranked: readonly GroupedEntry[], level: number): (number | null)[] {
  const groups: (number | null)[] = [];
  let leader: ArrayLike<number> | null = null;
  let group = 0;
  const tail = lowerTail(level);
  for (const entry of ranked) {
    if (!entry.replicates) {
      groups.push(null);
      continue;
    }
    let tied = false;
    if (leader) {
      const differences = pairedDifferences(leader, entry.replicates).sort();
      tied = differences.length > 0 && quantileSorted(differences, tail) <= 0 && quantileSorted(differences, 1 - tail) >= 0;
    }
    if (!tied) {
      group++;
      leader = entry.replicates;
    }
    groups.push(group);
  }
  return groups;
}
