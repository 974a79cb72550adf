// A COCO annotation's `segmentation`, in any of its three forms, to one RLE (COCO.annToRLE).
import type { CocoSegmentation } from "../types";
import { mergeZeroRuns } from "./counts-decoder";
import { decodeCounts } from "./counts-string";
import { rleMerge } from "./merge";
import { InvalidPolygonError, rleFromBbox, rleFromPolygon } from "./polygon";
import { InvalidRleError, rleSize, type Rle } from "./rle";
import { rleFromUncompressed } from "./uncompressed";

/**
 * frPyObjects on a list of polygons, then merge (union): the parts of one object, even-odd inside each
 * part, unioned across parts. frPyObjects decides by the FIRST part only: exactly 4 numbers means the
 * whole list is read as [x, y, width, height] boxes (rleFrBbox); more than 4 means polygons.
 * (pycocotools 2.0.x actually raises TypeError on the box branch because it hands a list to a
 * typed-ndarray function; the box reading is what that branch means.)
 */
export function rleFromPolygons(polys: readonly (readonly number[])[], h: number, w: number): Rle {
  if (polys.length === 0) {
    throw new InvalidPolygonError("polygon segmentation is an empty list; give at least one polygon [x1, y1, x2, y2, x3, y3, ...]");
  }
  const first = polys[0].length;
  let parts: Rle[];
  if (first === 4) {
    parts = polys.map((box, i) => {
      if (box.length !== 4) {
        throw new InvalidPolygonError(
          `segmentation part ${i} has ${box.length} numbers but part 0 has 4, which makes the list boxes [x, y, width, height]`,
        );
      }
      return rleFromBbox(box, h, w);
    });
  } else if (first > 4) {
    parts = polys.map((poly) => rleFromPolygon(poly, h, w));
  } else {
    throw new InvalidPolygonError(
      `segmentation polygon 0 has ${first} numbers; a polygon needs at least 3 points [x1, y1, x2, y2, x3, y3]`,
    );
  }
  return rleMerge(parts, false);
}

/**
 * COCO.annToRLE: polygons are rasterised at the image size; an uncompressed RLE keeps its own size and
 * counts; a compressed RLE is taken as is (its own size).
 */
export function annToRle(segmentation: CocoSegmentation, imageH: number, imageW: number): Rle {
  if (Array.isArray(segmentation)) return rleFromPolygons(segmentation, imageH, imageW);
  const { size, counts } = segmentation;
  if (Array.isArray(counts)) return rleFromUncompressed(size, counts);
  if (typeof counts === "string") {
    const [h, w] = rleSize(size, "segmentation");
    return { h, w, counts: decodeCounts(counts) };
  }
  throw new InvalidRleError("segmentation.counts must be a list of run lengths or a compressed RLE string");
}

/** rle with its interior zero-length runs merged (mergeZeroRuns) into new counts, or rle itself when it has none. */
export function canonicalRle(rle: Rle): Rle {
  const counts = rle.counts;
  const n = counts.length;
  let j = 1;
  while (j < n - 1 && counts[j] !== 0) j++;
  if (j >= n - 1) return rle;
  const merged = counts.slice(); // decoded counts may live in a shared arena: never written to
  return { h: rle.h, w: rle.w, counts: merged.subarray(0, mergeZeroRuns(merged, 0, n)) };
}

/**
 * A results file's segmentation as the evaluator loads it: annToRle, then an RLE given by its counts
 * (string or list) canonicalized (canonicalRle) so that pycocotools' rleIou cannot stop early on it;
 * `merged` says whether it had interior zero-length runs (the evaluation warns with their number).
 * Polygons are rasterized as annToRle does (maskApi's rleFrPoly writes no zero-length runs).
 */
export function resultRle(segmentation: CocoSegmentation, imageH: number, imageW: number): { rle: Rle; merged: boolean } {
  const rle = annToRle(segmentation, imageH, imageW);
  if (Array.isArray(segmentation)) return { rle, merged: false };
  const canonical = canonicalRle(rle);
  return { rle: canonical, merged: canonical !== rle };
}
