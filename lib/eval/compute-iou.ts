import { boundaryIouBlock } from "./boundary-iou";
import { bboxIou, maskIouPrepared, type PreparedRle } from "./mask";
import type { EvaluationGroups } from "./evaluation-groups";
import { gtMaskRange } from "./gt-masks";
import type { LoadedResults } from "./load-results";
import type { PreparedGroundTruth } from "./prepare-ground-truth";

/** computeIoU for every unit: IoU of unit u is a row-major (detections in score order) x (GT in file order) block. */
export interface UnitIous {
  offset: Float64Array;
  values: Float64Array;
}

export function computeIous(
  gt: PreparedGroundTruth,
  dt: LoadedResults,
  groups: EvaluationGroups,
  onProgress?: (fraction: number) => void,
): UnitIous {
  const offset = new Float64Array(groups.count + 1);
  for (let u = 0; u < groups.count; u++) {
    offset[u + 1] = offset[u] + (groups.dtEnd[u] - groups.dtStart[u]) * (groups.gtEnd[u] - groups.gtStart[u]);
  }
  const values = new Float64Array(offset[groups.count]);
  const progressEvery = Math.max(1, Math.floor(groups.count / 50));
  for (let u = 0; u < groups.count; u++) {
    const g0 = groups.gtStart[u],
      g1 = groups.gtEnd[u],
      d0 = groups.dtStart[u],
      d1 = groups.dtEnd[u];
    if (g1 === g0 || d1 === d0) continue;
    const crowd = gt.gtCrowd.subarray(g0, g1);
    let block: Float64Array;
    if (gt.iouType === "segm" || gt.iouType === "boundary") {
      const dts = new Array<PreparedRle>(d1 - d0);
      for (let d = d0; d < d1; d++) dts[d - d0] = dt.masks!.get(groups.dtOrder[d]);
      const gts = gtMaskRange(gt.gtMasks!, g0, g1);
      block =
        gt.iouType === "segm"
          ? maskIouPrepared(dts, gts, crowd)
          : boundaryIouBlock(dts, gts, gtMaskRange(gt.gtBoundaries!, g0, g1), crowd, gt.dilationRatio);
    } else {
      const dts = new Float64Array(4 * (d1 - d0));
      for (let d = d0; d < d1; d++) dts.set(dt.boxes!.subarray(4 * groups.dtOrder[d], 4 * groups.dtOrder[d] + 4), 4 * (d - d0));
      block = bboxIou(dts, gt.gtBoxes!.subarray(4 * g0, 4 * g1), crowd);
    }
    values.set(block, offset[u]);
    if (onProgress && u % progressEvery === 0) onProgress(u / groups.count);
  }
  onProgress?.(1);
  return { offset, values };
}
