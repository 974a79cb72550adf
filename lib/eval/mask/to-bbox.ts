// Tight box [x, y, width, height] of a mask, as pycocotools 2.0.x's rleToBbox computes it, measured in
// the same pass as the pixel total and the area (the per-detection numbers loadRes and IoU need).
import type { Rle } from "./rle";

/** Slots of the array measureRuns fills. */
export const BOX_X = 0;
export const BOX_Y = 1;
export const BOX_W = 2;
export const BOX_H = 3;
export const AREA = 4;
export const TOTAL = 5;

/**
 * Reads counts[0..m) once and writes box, area (rleArea: sum of odd runs) and total pixels into out.
 * Box rules follow maskApi: each non-empty foreground run contributes its first and last pixel; a run
 * crossing a column boundary widens the box to the full image height; zero-length runs and a trailing
 * background run are ignored; arithmetic is uint32, so a mask whose foreground runs are all empty gets
 * the wrapped box [w, h, 2^32 - w + 1, 2^32 - h + 1]. Fewer than 2 runs or h = 0: [0, 0, 0, 0].
 */
export function measureRuns(counts: Uint32Array, m: number, h: number, w: number, out: Float64Array | number[]): void {
  let xs = w;
  let ys = h;
  let xe = 0;
  let ye = 0;
  let total = 0;
  let area = 0;
  for (let j = 0; j < m; j++) {
    const c = counts[j];
    const start = total;
    total += c;
    if ((j & 1) === 0 || c === 0) continue;
    area += c;
    if (h === 0) continue;
    const xStart = Math.floor(start / h);
    const last = total - 1;
    const xEnd = Math.floor(last / h);
    if (xStart < xs) xs = xStart;
    if (xEnd > xe) xe = xEnd;
    if (xStart < xEnd) {
      ys = 0;
      ye = h - 1;
    } else {
      const yStart = start - xStart * h;
      const yEnd = last - xEnd * h;
      if (yStart < ys) ys = yStart;
      if (yEnd > ye) ye = yEnd;
    }
  }
  out[AREA] = area;
  out[TOTAL] = total;
  if (m < 2 || h === 0) {
    out[BOX_X] = out[BOX_Y] = out[BOX_W] = out[BOX_H] = 0;
    return;
  }
  out[BOX_X] = xs;
  out[BOX_W] = (xe - xs + 1) >>> 0;
  out[BOX_Y] = ys;
  out[BOX_H] = (ye - ys + 1) >>> 0;
}

const measured = new Float64Array(6);

export function rleToBbox(rle: Rle): [number, number, number, number] {
  measureRuns(rle.counts, rle.counts.length, rle.h, rle.w, measured);
  return [measured[BOX_X], measured[BOX_Y], measured[BOX_W], measured[BOX_H]];
}
