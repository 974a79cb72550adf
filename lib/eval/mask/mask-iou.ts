// Mask IoU (maskApi rleIou): exact pixel counts, with the box-overlap prefilter.
import { boxPairIou } from "./bbox-iou";
import { prepareRle, type PreparedRle } from "./prepared";
import type { Rle } from "./rle";

/**
 * Foreground pixels shared by two RLEs of the same size: intersects their foreground intervals in one
 * sweep (same count as maskApi's run-by-run walk, which also visits every background run).
 */
export function intersectionArea(A: Uint32Array, B: Uint32Array): number {
  const ka = A.length;
  const kb = B.length;
  if (ka < 2 || kb < 2) return 0;
  let ia = 1;
  let ib = 1;
  let startA = A[0];
  let endA = startA + A[1];
  let startB = B[0];
  let endB = startB + B[1];
  let inter = 0;
  for (;;) {
    if (endA <= endB) {
      if (endA > startB) inter += endA - (startA > startB ? startA : startB);
      ia += 2;
      if (ia >= ka) break;
      startA = endA + A[ia - 1];
      endA = startA + A[ia];
    } else {
      if (endB > startA) inter += endB - (startA > startB ? startA : startB);
      ib += 2;
      if (ib >= kb) break;
      startB = endB + B[ib - 1];
      endB = startB + B[ib];
    }
  }
  return inter;
}

/**
 * IoU of prepared masks, row-major dts x gts (out[d * gts.length + g]). Equals maskApi rleIou: pairs whose
 * boxes do not overlap are 0 without touching the runs; masks of different sizes give -1; for a crowd gt
 * the union is the detection's area (intersection / det area). Empty inputs give an empty array.
 */
export function maskIouPrepared(
  dts: readonly PreparedRle[],
  gts: readonly PreparedRle[],
  gtIsCrowd: ArrayLike<boolean | number>,
): Float64Array {
  const m = dts.length;
  const n = gts.length;
  if (m === 0 || n === 0) return new Float64Array(0);
  if (gtIsCrowd.length !== n) throw new RangeError(`gtIsCrowd has ${gtIsCrowd.length} entries for ${n} ground truths`);
  const out = new Float64Array(m * n);
  for (let g = 0; g < n; g++) {
    const gt = gts[g];
    const crowd = Boolean(gtIsCrowd[g]);
    for (let d = 0; d < m; d++) {
      const dt = dts[d];
      if (!(boxPairIou(dt.bbox, 0, gt.bbox, 0, crowd) > 0)) continue;
      if (dt.h !== gt.h || dt.w !== gt.w) {
        out[d * n + g] = -1;
        continue;
      }
      const inter = intersectionArea(dt.counts, gt.counts);
      const union = inter === 0 ? 1 : crowd ? dt.area : dt.area + gt.area - inter;
      out[d * n + g] = inter / union;
    }
  }
  return out;
}

/** maskIouPrepared for plain RLEs (areas and boxes computed once per mask, runs validated). */
export function maskIou(dts: readonly Rle[], gts: readonly Rle[], gtIsCrowd: ArrayLike<boolean | number>): Float64Array {
  return maskIouPrepared(
    dts.map((r, i) => prepareRle(r, `detection ${i}`)),
    gts.map((r, i) => prepareRle(r, `ground truth ${i}`)),
    gtIsCrowd,
  );
}
