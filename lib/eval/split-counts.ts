import type { LoadedResults } from "./load-results";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import type { AreaRange } from "./types";

/** Marks the images of a split (a list of image ids, as COCOeval's params.imgIds; unknown ids are ignored). */
export function splitMask(gt: PreparedGroundTruth, imageIds: readonly number[]): Uint8Array {
  const mask = new Uint8Array(gt.imageIds.length);
  for (const id of imageIds) {
    const i = gt.imageIndexById.get(id);
    if (i !== undefined) mask[i] = 1;
  }
  return mask;
}

/**
 * npig per category and area range, at [k * A + a]: GT that are neither ignored (crowd) nor outside the range
 * (by their `area` field, inclusive at both ends), in the split's images.
 */
export function countRegularGt(gt: PreparedGroundTruth, inSplit: Uint8Array, areaRanges: readonly AreaRange[]): Float64Array {
  const A = areaRanges.length;
  const counts = new Float64Array(gt.categoryIds.length * A);
  for (let j = 0; j < gt.gtCount; j++) {
    if (!inSplit[gt.gtImage[j]]) continue;
    for (let a = 0; a < A; a++) if (isRegularGt(gt, j, areaRanges[a].range)) counts[gt.gtCategory[j] * A + a]++;
  }
  return counts;
}

/** Whether GT j counts in npig of an area range: not ignored (gtIgnore), and its `area` field inside the range. */
export function isRegularGt(gt: PreparedGroundTruth, j: number, [lo, hi]: readonly [number, number]): boolean {
  const area = gt.gtArea[j];
  return gt.gtIgnore[j] === 0 && area >= lo && area <= hi;
}

/** Sums the per-category counts into one pooled class (useCats = false, or micro averaging). */
export function poolCounts(perCategory: Float64Array, areas: number): Float64Array {
  const pooled = new Float64Array(areas);
  for (let i = 0; i < perCategory.length; i++) pooled[i % areas] += perCategory[i];
  return pooled;
}

/**
 * Detections by image and category index (-1: not a GT category): one entry per detection, or, with
 * `multiplicity`, per (image, category) pair with its count (a sharded evaluation's tallies).
 */
export type DetectionTally = Pick<LoadedResults, "count" | "imageIndex" | "categoryIndex"> & { multiplicity?: Int32Array };

/** numGt: GT that are not ignored (crowd) per category in the split; numDt: detections per category in the split, before maxDets. */
export function countInstances(gt: PreparedGroundTruth, dt: DetectionTally, inSplit: Uint8Array): { numGt: number[]; numDt: number[] } {
  const numGt = new Array<number>(gt.categoryIds.length).fill(0);
  const numDt = new Array<number>(gt.categoryIds.length).fill(0);
  for (let j = 0; j < gt.gtCount; j++) if (inSplit[gt.gtImage[j]] && !gt.gtIgnore[j]) numGt[gt.gtCategory[j]]++;
  const times = dt.multiplicity;
  for (let i = 0; i < dt.count; i++)
    if (inSplit[dt.imageIndex[i]] && dt.categoryIndex[i] >= 0) numDt[dt.categoryIndex[i]] += times ? times[i] : 1;
  return { numGt, numDt };
}
