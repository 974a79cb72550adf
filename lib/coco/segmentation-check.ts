import "server-only";
import { countsDecodeError, decodeCountsInto } from "@/lib/eval/mask";
import { describeList, describeValue, isFiniteNumber } from "./describe-value";

/** Runs of the string being checked (the validator keeps none of them). */
let scratch = new Uint32Array(4096);

/**
 * Why a COCO compressed RLE string is unusable, or null if it is fine: it must be a counts string
 * pycocotools reads consistently (decodeCountsInto, the evaluator's own decoder: alphabet '0'..'o',
 * no count cut off, none it would misread) and its runs must cover the image exactly (h*w pixels).
 */
export function compressedCountsProblem(counts: string, pixels: number): string | null {
  if (scratch.length < counts.length) scratch = new Uint32Array(counts.length);
  const m = decodeCountsInto(counts, scratch, 0);
  if (m < 0) return countsDecodeError(counts, m);
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const run = scratch[j];
    if (run > pixels)
      return `decodes to a run of ${run} pixels (run ${j}) but the mask has ${pixels} (height*width); a difference went negative or the RLE was made for another image`;
    sum += run;
  }
  if (sum !== pixels)
    return `decodes to ${sum} pixels but the mask has ${pixels} (height*width); the RLE was made for another image size or is corrupt`;
  return null;
}

const RLE_ALPHABET = /^[0-o]*$/;

function isNonNegativeInteger(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0;
}

function uncompressedCountsProblem(counts: unknown[], pixels: number): string | null {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isInteger(c) || (c as number) < 0)
      return `has ${describeValue(c)} at position ${i}; run lengths must be whole numbers >= 0`;
    sum += c as number;
  }
  if (sum !== pixels) return `sums to ${sum} pixels but the mask has ${pixels} (height*width)`;
  return null;
}

/**
 * Checks a segmentation (polygons or RLE) against its image's size. Returns the first problem as
 * [subpath, message], or null when valid. `checkRunLengths` false skips decoding RLE strings.
 * `asPycocotools` accepts what pycocotools scores although a well-made file never holds it: polygon
 * parts of 1 or 2 points or of odd length (frPoly reads int(len/2) points) and an RLE of another size
 * than its image (annToRLE keeps the RLE's own size; its IoU with every GT is then -1).
 */
export function segmentationProblem(
  seg: unknown,
  height: number,
  width: number,
  imageId: number,
  checkRunLengths = true,
  asPycocotools = false,
): [string, string] | null {
  if (Array.isArray(seg)) {
    if (seg.length === 0)
      return ["segmentation", "is an empty list; give at least one polygon [x1, y1, x2, y2, x3, y3, ...] or an RLE {size, counts}"];
    for (let i = 0; i < seg.length; i++) {
      const poly: unknown = seg[i];
      if (!Array.isArray(poly))
        return [`segmentation[${i}]`, `is ${describeValue(poly)}; polygons are lists of numbers [x1, y1, x2, y2, ...]`];
      // A part without a whole point leaves maskApi's rleFrPoly reading memory it never wrote: refused always.
      if (poly.length < (asPycocotools ? 2 : 6))
        return [`segmentation[${i}]`, `has ${poly.length} numbers; a polygon needs at least 3 points (6 numbers)`];
      if (poly.length % 2 !== 0 && !asPycocotools)
        return [`segmentation[${i}]`, `has an odd count of numbers (${poly.length}); polygons are x, y pairs`];
      for (let j = 0; j < poly.length; j++) {
        if (!isFiniteNumber(poly[j])) return [`segmentation[${i}][${j}]`, `is ${describeValue(poly[j])}, not a number`];
      }
    }
    return null;
  }
  if (seg === null || typeof seg !== "object")
    return ["segmentation", `is ${describeValue(seg)}; give polygons [[x1, y1, ...]] or an RLE {"size": [height, width], "counts": "..."}`];
  const rle = seg as { size?: unknown; counts?: unknown };
  const size = rle.size;
  if (!Array.isArray(size) || size.length !== 2 || !isNonNegativeInteger(size[0]) || !isNonNegativeInteger(size[1])) {
    return [
      "segmentation.size",
      `is ${Array.isArray(size) ? describeList(size) : describeValue(size)}; an RLE needs "size": [height, width]`,
    ];
  }
  if ((size[0] !== height || size[1] !== width) && !asPycocotools) {
    return [
      "segmentation.size",
      `is [${size[0]}, ${size[1]}] but image ${imageId} is ${height}x${width}; RLE size is [height, width] of the image`,
    ];
  }
  const pixels = size[0] * size[1];
  let problem: string | null;
  if (typeof rle.counts === "string") {
    // Without the full decode, still catch a wrong alphabet (cheap, native) with its position.
    problem = checkRunLengths || !RLE_ALPHABET.test(rle.counts) ? compressedCountsProblem(rle.counts, pixels) : null;
  } else if (Array.isArray(rle.counts)) problem = uncompressedCountsProblem(rle.counts, pixels);
  else problem = `is ${describeValue(rle.counts)}; an RLE needs "counts" as a string (compressed) or a list of run lengths`;
  return problem ? ["segmentation.counts", problem] : null;
}
