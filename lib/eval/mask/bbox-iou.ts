// Box IoU (maskApi bbIou), also the prefilter of mask IoU.

/** C's fmin/fmax: a NaN operand yields the other operand. */
function fmin(a: number, b: number): number {
  return a < b || b !== b ? a : b;
}
function fmax(a: number, b: number): number {
  return a > b || b !== b ? a : b;
}

/**
 * IoU of box D (dt) and box G (gt), each [x, y, width, height] at the given offsets of flat arrays.
 * For a crowd gt the union is the detection's own area: a detection inside a crowd region counts fully.
 */
export function boxPairIou(D: ArrayLike<number>, d: number, G: ArrayLike<number>, g: number, crowd: boolean): number {
  const w = fmin(D[d + 2] + D[d], G[g + 2] + G[g]) - fmax(D[d], G[g]);
  if (w <= 0) return 0;
  const h = fmin(D[d + 3] + D[d + 1], G[g + 3] + G[g + 1]) - fmax(D[d + 1], G[g + 1]);
  if (h <= 0) return 0;
  const i = w * h;
  const da = D[d + 2] * D[d + 3];
  const u = crowd ? da : da + G[g + 2] * G[g + 3] - i;
  return i / u;
}

function flattenBoxes(boxes: ArrayLike<number> | readonly ArrayLike<number>[], what: string): Float64Array {
  if (boxes instanceof Float64Array) {
    if (boxes.length % 4 !== 0) throw new RangeError(`${what}: flat box array length ${boxes.length} is not a multiple of 4`);
    return boxes;
  }
  const list = boxes as readonly ArrayLike<number>[];
  const flat = new Float64Array(list.length * 4);
  for (let i = 0; i < list.length; i++) {
    const box = list[i];
    if (box.length !== 4) throw new RangeError(`${what}[${i}]: a box needs 4 numbers [x, y, width, height], got ${box.length}`);
    for (let c = 0; c < 4; c++) flat[4 * i + c] = box[c];
  }
  return flat;
}

/**
 * IoU matrix of detections x ground truths, row-major (out[d * gts + g]); boxes as number[][] or a flat
 * Float64Array of 4 per box. Empty inputs give an empty array, where pycocotools returns [].
 */
export function bboxIou(
  dts: readonly ArrayLike<number>[] | Float64Array,
  gts: readonly ArrayLike<number>[] | Float64Array,
  gtIsCrowd: ArrayLike<boolean | number>,
): Float64Array {
  const D = flattenBoxes(dts, "dts");
  const G = flattenBoxes(gts, "gts");
  const m = D.length / 4;
  const n = G.length / 4;
  if (m === 0 || n === 0) return new Float64Array(0);
  if (gtIsCrowd.length !== n) throw new RangeError(`gtIsCrowd has ${gtIsCrowd.length} entries for ${n} ground truths`);
  const out = new Float64Array(m * n);
  for (let g = 0; g < n; g++) {
    const crowd = Boolean(gtIsCrowd[g]);
    for (let d = 0; d < m; d++) out[d * n + g] = boxPairIou(D, 4 * d, G, 4 * g, crowd);
  }
  return out;
}
