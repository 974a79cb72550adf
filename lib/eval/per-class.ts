import type { Accumulated } from "./accumulate";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { summarize } from "./summarize";
import type { ClassMetrics, EvalParams } from "./types";

/**
 * The twelve summary metrics of each category from its own slice of the (macro) precision/recall
 * arrays. `acc` is null when categories were pooled (useCats = false): then only the counts are known
 * and every metric is -1.
 */
export function perClassMetrics(
  gt: PreparedGroundTruth,
  acc: Accumulated | null,
  params: EvalParams,
  counts: { numGt: number[]; numDt: number[] },
): ClassMetrics[] {
  return gt.categoryIds.map((categoryId, k) => {
    const s = acc ? summarize(acc, params, k) : new Array<number>(12).fill(-1);
    return {
      categoryId,
      name: gt.categoryNames[k],
      numGt: counts.numGt[k],
      numDt: counts.numDt[k],
      ap: s[0],
      ap50: s[1],
      ap75: s[2],
      apSmall: s[3],
      apMedium: s[4],
      apLarge: s[5],
      ar1: s[6],
      ar10: s[7],
      ar100: s[8],
      arSmall: s[9],
      arMedium: s[10],
      arLarge: s[11],
    };
  });
}
