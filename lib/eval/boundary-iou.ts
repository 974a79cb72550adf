// Boundary IoU as boundary-iou-api's COCOeval.computeBoundaryIoU (and LVIS 2021's compute_iou) combine it.
import { maskIouPrepared, prepareRle, type PreparedRle } from "./mask";
import { maskBoundary } from "./mask/boundary";

/**
 * IoUs of one unit, row-major dts (score order) x gts: min(mask IoU, boundary IoU) for a regular GT,
 * the mask IoU alone for a crowd region (whose boundary means nothing). The boundary of a detection is
 * made only when some regular GT overlaps its mask: where the mask IoU is 0 (or -1 for masks of
 * different sizes) the boundary IoU is the same (a boundary holds its mask's extreme pixels, so the
 * boxes, the sizes and an empty intersection carry over), so the minimum is the mask IoU.
 */
export function boundaryIouBlock(
  dts: readonly PreparedRle[],
  gts: readonly PreparedRle[],
  gtBoundaries: readonly PreparedRle[],
  gtCrowd: ArrayLike<number>,
  dilationRatio: number,
): Float64Array {
  const ious = maskIouPrepared(dts, gts, gtCrowd);
  const G = gts.length;
  const rows: number[] = [];
  for (let d = 0; d < dts.length; d++) {
    for (let g = 0; g < G; g++) {
      if (gtCrowd[g] !== 1 && ious[d * G + g] > 0) {
        rows.push(d);
        break;
      }
    }
  }
  if (rows.length === 0) return ious;
  const boundaries = rows.map((d) => prepareRle(maskBoundary(dts[d], dilationRatio), "detection boundary"));
  const boundaryIous = maskIouPrepared(boundaries, gtBoundaries, gtCrowd);
  rows.forEach((d, i) => {
    for (let g = 0; g < G; g++) {
      if (gtCrowd[g] === 1) continue;
      const b = boundaryIous[i * G + g];
      if (b < ious[d * G + g]) ious[d * G + g] = b;
    }
  });
  return ious;
}
