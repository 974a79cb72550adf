import type { LoadedResults } from "./load-results";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { stableSortByKey, stableSortByScoreDescendingWithRanks } from "./stable-sorts";

/**
 * The units COCOeval matches in: one per (image, category) with useCats, one per image without
 * (categories pooled). Only units holding a GT or a detection exist (evaluateImg returns None for the
 * others). GT of a unit are contiguous in the prepared order; detections are listed in `dtOrder`
 * sorted as computeIoU sorts them and already cut to the largest maxDets.
 */
export interface EvaluationGroups {
  count: number;
  image: Int32Array;
  /** The category index, or -1 for a pooled (useCats = false) unit. */
  category: Int32Array;
  gtStart: Int32Array;
  gtEnd: Int32Array;
  dtStart: Int32Array;
  dtEnd: Int32Array;
  /** Detection indices (into LoadedResults), unit by unit. */
  dtOrder: Int32Array;
  /** Position of each dtOrder entry within its unit's score order (0 = best). */
  dtRank: Int32Array;
  /**
   * Dense descending rank of each detection's score (by detection index; 0 = highest, ties equal),
   * from the one radix sort of all scores: later score sorts become counting sorts on it.
   */
  scoreRank: Int32Array;
  distinctScores: number;
}

/**
 * useCats: per unit, detections sorted by descending score with ties in file order (np.argsort
 * mergesort). Without useCats a unit lists categories in id order, each in file order, before the
 * stable score sort — so ties go by category, then file order.
 */
function sortDetections(
  dt: LoadedResults,
  useCats: boolean,
  images: number,
  categories: number,
): { sorted: Int32Array; scoreRank: Int32Array; distinctScores: number } {
  let kept = 0;
  for (let i = 0; i < dt.count; i++) if (dt.categoryIndex[i] >= 0) kept++;
  let order: Int32Array = new Int32Array(kept);
  for (let i = 0, j = 0; i < dt.count; i++) if (dt.categoryIndex[i] >= 0) order[j++] = i;
  // Stable passes from the least significant key: file order is the starting (last) tie-breaker.
  let ranks;
  if (useCats) {
    ranks = stableSortByScoreDescendingWithRanks(order, dt.score);
    order = stableSortByKey(ranks.sorted, dt.categoryIndex, categories);
  } else {
    order = stableSortByKey(order, dt.categoryIndex, categories);
    ranks = stableSortByScoreDescendingWithRanks(order, dt.score);
    order = ranks.sorted;
  }
  return { sorted: stableSortByKey(order, dt.imageIndex, images), scoreRank: ranks.rank, distinctScores: ranks.distinct };
}

export function buildEvaluationGroups(gt: PreparedGroundTruth, dt: LoadedResults, useCats: boolean, maxDet: number): EvaluationGroups {
  const { sorted, scoreRank, distinctScores } = sortDetections(dt, useCats, gt.imageIds.length, gt.categoryIds.length);
  const K = useCats ? gt.categoryIds.length : 1;
  const nGt = gt.gtCount,
    nDt = sorted.length;
  const gtKeys = new Float64Array(nGt);
  for (let j = 0; j < nGt; j++) gtKeys[j] = gt.gtImage[j] * K + (useCats ? gt.gtCategory[j] : 0);
  const dtKeys = new Float64Array(nDt);
  for (let d = 0; d < nDt; d++) dtKeys[d] = dt.imageIndex[sorted[d]] * K + (useCats ? dt.categoryIndex[sorted[d]] : 0);

  // At most one unit per GT plus one per detection.
  const capacity = nGt + nDt;
  const image = new Int32Array(capacity),
    category = new Int32Array(capacity);
  const gtStart = new Int32Array(capacity),
    gtEnd = new Int32Array(capacity);
  const dtStart = new Int32Array(capacity),
    dtEnd = new Int32Array(capacity);
  const dtOrder = new Int32Array(nDt);
  const dtRank = new Int32Array(nDt);
  let units = 0,
    kept = 0,
    g = 0,
    d = 0;
  while (g < nGt || d < nDt) {
    const key = Math.min(g < nGt ? gtKeys[g] : Infinity, d < nDt ? dtKeys[d] : Infinity);
    gtStart[units] = g;
    dtStart[units] = kept;
    while (g < nGt && gtKeys[g] === key) g++;
    let rank = 0;
    for (; d < nDt && dtKeys[d] === key; d++, rank++) {
      if (rank >= maxDet) continue;
      dtOrder[kept] = sorted[d];
      dtRank[kept] = rank;
      kept++;
    }
    image[units] = Math.floor(key / K);
    category[units] = useCats ? key % K : -1;
    gtEnd[units] = g;
    dtEnd[units] = kept;
    units++;
  }
  return {
    count: units,
    image: image.slice(0, units),
    category: category.slice(0, units),
    gtStart: gtStart.slice(0, units),
    gtEnd: gtEnd.slice(0, units),
    dtStart: dtStart.slice(0, units),
    dtEnd: dtEnd.slice(0, units),
    dtOrder: dtOrder.slice(0, kept),
    dtRank: dtRank.slice(0, kept),
    scoreRank,
    distinctScores,
  };
}
