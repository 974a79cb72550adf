import type { PreparedRle } from "./mask";

/**
 * The ground truth's rasterized masks as flat columns: mask j has size h[j] x w[j], runs
 * counts[start[j] .. start[j] + runs[j]), rleArea area[j] and rleToBbox box[4j .. 4j + 4). Plain typed
 * arrays, so a PreparedGroundTruth crosses threads (postMessage, a cache) as a few copies of memory
 * instead of one object per mask.
 */
export interface GtMasks {
  h: Float64Array;
  w: Float64Array;
  start: Float64Array;
  runs: Int32Array;
  counts: Uint32Array;
  area: Float64Array;
  box: Float64Array;
}

export function packMasks(masks: readonly PreparedRle[]): GtMasks {
  const n = masks.length;
  let total = 0;
  for (const mask of masks) total += mask.counts.length;
  const packed: GtMasks = {
    h: new Float64Array(n),
    w: new Float64Array(n),
    start: new Float64Array(n),
    runs: new Int32Array(n),
    counts: new Uint32Array(total),
    area: new Float64Array(n),
    box: new Float64Array(4 * n),
  };
  let at = 0;
  masks.forEach((mask, j) => {
    packed.h[j] = mask.h;
    packed.w[j] = mask.w;
    packed.start[j] = at;
    packed.runs[j] = mask.counts.length;
    packed.counts.set(mask.counts, at);
    at += mask.counts.length;
    packed.area[j] = mask.area;
    packed.box.set(mask.bbox, 4 * j);
  });
  return packed;
}

/** GT masks first..end-1 as PreparedRle (their runs are views into the columns: never write to them). */
export function gtMaskRange(masks: GtMasks, first: number, end: number): PreparedRle[] {
  const out = new Array<PreparedRle>(end - first);
  for (let j = first; j < end; j++) {
    const b = 4 * j;
    out[j - first] = {
      h: masks.h[j],
      w: masks.w[j],
      counts: masks.counts.subarray(masks.start[j], masks.start[j] + masks.runs[j]),
      area: masks.area[j],
      bbox: [masks.box[b], masks.box[b + 1], masks.box[b + 2], masks.box[b + 3]],
    };
  }
  return out;
}
