import type { Accumulated } from "./accumulate";
import { numpyMean } from "./numpy-mean";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import type { EvalParams, PrCurve } from "./types";

/**
 * Per category, the interpolated precision at every recall point (area "all" — or the first range if
 * none is named so — and the largest maxDets): at IoU 0.50, at 0.75, and the mean over all thresholds.
 * -1 where undefined (no GT of the class in the split, or the threshold is not configured).
 */
export function prCurves(gt: PreparedGroundTruth, acc: Accumulated, params: EvalParams, recall: readonly number[]): PrCurve[] {
  const { T, R, K, A, M } = acc;
  const a = Math.max(
    0,
    params.areaRanges.findIndex((r) => r.name === "all"),
  );
  const m = M - 1;
  const at = (t: number, r: number, k: number) => acc.precision[(((t * R + r) * K + k) * A + a) * M + m];
  const t50 = params.iouThresholds.findIndex((t) => Math.abs(t - 0.5) < 1e-12);
  const t75 = params.iouThresholds.findIndex((t) => Math.abs(t - 0.75) < 1e-12);
  const column = new Float64Array(T);
  return gt.categoryIds.map((categoryId, k) => {
    const iou50: number[] = [],
      iou75: number[] = [],
      mean: number[] = [];
    for (let r = 0; r < R; r++) {
      iou50.push(t50 >= 0 ? at(t50, r, k) : -1);
      iou75.push(t75 >= 0 ? at(t75, r, k) : -1);
      let n = 0;
      for (let t = 0; t < T; t++) {
        const v = at(t, r, k);
        if (v > -1) column[n++] = v;
      }
      mean.push(n === 0 ? -1 : numpyMean(column, n));
    }
    return { categoryId, recall: [...recall], iou50, iou75, mean };
  });
}
