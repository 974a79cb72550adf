import { canonicalRle, decodeCounts, type PreparedRle } from "./mask";
import type { DecodedMasks } from "./parallel/decode-masks";

/**
 * The detections' masks after loadRes. Most are decoded in bulk into flat columns; a PreparedRle is
 * made only for a detection whose IoU is computed (many never meet a GT of their class).
 */
export interface DetectionMasks {
  get(detection: number): PreparedRle;
}

export function maskList(masks: PreparedRle[]): DetectionMasks {
  return { get: (i) => masks[i] };
}

/**
 * bulkIndex[i] is detection i's position in `bulk` (decoded from strings[bulkIndex[i]]), or -1 for a
 * mask made one by one (polygons, uncompressed counts), found in `single`. A bulk mask whose runs were
 * not stored (it was not expected to meet a GT) is decoded again on request.
 */
export function maskTable(
  bulk: DecodedMasks,
  bulkIndex: Int32Array,
  strings: readonly string[],
  heights: Int32Array,
  widths: Int32Array,
  single: Map<number, PreparedRle>,
): DetectionMasks {
  const { counts, start, runs, box, area } = bulk;
  return {
    get(i) {
      const f = bulkIndex[i];
      if (f < 0) return single.get(i)!;
      const b = 4 * f;
      return {
        h: heights[f],
        w: widths[f],
        counts:
          start[f] >= 0
            ? counts.subarray(start[f], start[f] + runs[f])
            : canonicalRle({ h: heights[f], w: widths[f], counts: decodeCounts(strings[f]) }).counts,
        area: area[f],
        bbox: [box[b], box[b + 1], box[b + 2], box[b + 3]],
      };
    },
  };
}
