// Uncompressed RLE ({size, counts: number[]}) as pycocotools frPyObjects reads it.
import { InvalidRleError, rleSize, type Rle } from "./rle";

const UINT32_MAX = 0xffffffff;

/**
 * frUncompressedRLE: the counts are kept exactly as given, including a leading 0 run (mask starts with
 * foreground) and zero-length runs in the middle; the size is the object's own, not the image's.
 * pycocotools would silently wrap negative or fractional counts through uint32; those are rejected here.
 * It does not check that counts cover h*w either; use assertRleCoversImage for that.
 */
export function rleFromUncompressed(size: readonly number[], counts: readonly number[], where = "segmentation"): Rle {
  const [h, w] = rleSize(size, where);
  const runs = new Uint32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isInteger(c) || c < 0 || c > UINT32_MAX) {
      throw new InvalidRleError(`${where}.counts[${i}] must be a non-negative integer run length, got ${JSON.stringify(c)}`);
    }
    runs[i] = c;
  }
  return { h, w, counts: runs };
}
