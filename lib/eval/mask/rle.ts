// The run-length mask every other file in this folder speaks, and its validity rule.
import { InvalidRleError } from "../errors";

/**
 * A binary mask as maskApi stores it: pixels in column-major order, `counts` are run lengths that
 * alternate background, foreground, background, ... starting with background (so a mask whose first
 * pixel is set starts with a 0 run). Zero-length runs elsewhere are legal and preserved (pycocotools keeps them).
 */
export type Rle = { h: number; w: number; counts: Uint32Array };

export { InvalidRleError } from "../errors";

/** Total number of pixels the runs cover (h*w for a valid RLE). */
export function rleCountsSum(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return total;
}

/** The error for runs that do not cover the image, shared by every check of that rule. */
export function coverageError(where: string, total: number, h: number, w: number): InvalidRleError {
  return new InvalidRleError(
    `${where}: RLE counts sum to ${total} pixels but size [${h}, ${w}] has ${h * w}; ` +
      "counts must cover the whole image (column-major runs starting with background)",
  );
}

/** An RLE object's `size` as [h, w], or a specific error. */
export function rleSize(size: unknown, where: string): [number, number] {
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new InvalidRleError(`${where}.size must be [height, width] as non-negative integers, got ${JSON.stringify(size)}`);
  }
  return [size[0] as number, size[1] as number];
}

/**
 * Throws unless the runs cover exactly h*w pixels. pycocotools never checks this and then reads past
 * the mask or loops forever in rleIou/rleMerge, so callers accepting RLEs from users must check.
 */
export function assertRleCoversImage(rle: Rle, where = "segmentation"): void {
  const { h, w } = rle;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0) {
    throw new InvalidRleError(`${where}: size must be two non-negative integers [height, width], got [${h}, ${w}]`);
  }
  const total = rleCountsSum(rle.counts);
  if (total !== h * w) throw coverageError(where, total, h, w);
}
