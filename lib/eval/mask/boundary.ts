// The boundary region of a mask (Cheng et al., "Boundary IoU", CVPR 2021; boundary-iou-api's
// mask_to_boundary): the mask pixels within distance d of the background, d a fraction of the diagonal.
import { ColumnIntervals, RunWriter, rleToColumns } from "./column-intervals";
import { erodeSquare } from "./erode";
import type { Rle } from "./rle";

/** Python's round(): halves go to the even neighbour (round(2.5) == 2, round(1.5) == 2). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * d = int(round(ratio * sqrt(h² + w²))), at least 1: the mask's own size (an RLE's `size`, which for a
 * results file's mask need not be the image's) decides, as mask.shape does in the reference.
 */
export function boundaryDilation(h: number, w: number, dilationRatio: number): number {
  return Math.max(1, roundHalfEven(dilationRatio * Math.sqrt(h * h + w * w)));
}

const maskColumns = new ColumnIntervals();
const eroded = new ColumnIntervals();
const writer = new RunWriter();

/** The runs of `mask` minus `inner` (inner ⊆ mask), column by column. */
function subtractColumns(mask: ColumnIntervals, inner: ColumnIntervals, h: number, pixels: number): Uint32Array {
  writer.begin();
  for (let c = 0; c < mask.count; c++) {
    const x = mask.first + c;
    const top = x * h;
    const e = x - inner.first;
    let j = e >= 0 && e < inner.count ? inner.start[e] : 0;
    const jEnd = e >= 0 && e < inner.count ? inner.start[e + 1] : 0;
    for (let i = mask.start[c]; i < mask.start[c + 1]; i++) {
      let from = mask.lo[i];
      const to = mask.hi[i];
      // Inner intervals inside [from, to) cut it; they never straddle its ends.
      while (j < jEnd && inner.lo[j] < to) {
        if (inner.lo[j] > from) writer.add(top + from, top + inner.lo[j]);
        from = inner.hi[j];
        j++;
      }
      if (from < to) writer.add(top + from, top + to);
    }
  }
  return writer.finish(pixels);
}

/**
 * mask - erode(mask): erosion by the (2d+1)-square with the image border counting as background, so
 * a mask cut by the border has a boundary along it. Canonical runs (as mask.encode writes them).
 */
export function maskBoundary(mask: Rle, dilationRatio: number): Rle {
  const { h, w } = mask;
  rleToColumns(mask.counts, h, maskColumns);
  erodeSquare(maskColumns, boundaryDilation(h, w, dilationRatio), eroded);
  return { h, w, counts: subtractColumns(maskColumns, eroded, h, h * w) };
}
