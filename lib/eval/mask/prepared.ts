// An RLE with the numbers loadRes and mask IoU need for every pair, computed once per mask.
import { coverageError, type Rle } from "./rle";
import { AREA, BOX_H, BOX_W, BOX_X, BOX_Y, measureRuns, TOTAL } from "./to-bbox";

export interface PreparedRle extends Rle {
  /** rleArea */
  area: number;
  /** rleToBbox of the mask itself (not a results file's bbox field): [x, y, width, height]. */
  bbox: [number, number, number, number];
}

const measured = new Float64Array(6);

function assertCovers(h: number, w: number, where: string): void {
  if (measured[TOTAL] !== h * w || !Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0) {
    throw coverageError(where, measured[TOTAL], h, w);
  }
}

function boxOfMeasured(): [number, number, number, number] {
  return [measured[BOX_X], measured[BOX_Y], measured[BOX_W], measured[BOX_H]];
}

/** Validates that the runs cover h*w pixels (so IoU cannot loop forever) and caches area and box, in one pass. */
export function prepareRle(rle: Rle, where = "segmentation"): PreparedRle {
  const { h, w, counts } = rle;
  measureRuns(counts, counts.length, h, w, measured);
  assertCovers(h, w, where);
  return { h, w, counts, area: measured[AREA], bbox: boxOfMeasured() };
}
