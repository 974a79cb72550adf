// COCO.loadRes for a whole results file at once, equal to loadResultsOneByOne (load-results.ts).
import { maskTable } from "./detection-masks";
import { loadMask, loadResultsOneByOne, boxPolygon, emptyLoadedResults, type LoadedResults } from "./load-results";
import type { PreparedRle } from "./mask";
import { startDecodingMasks, wantThread, type DecodedMasks, type DecodeMasksOptions, type KeepRuns } from "./parallel/decode-masks";
import { maskWorker } from "./parallel/mask-worker";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { usesMasks, type CocoResult, type CocoSegmentation } from "./types";

/** A compressed COCO RLE whose size is [h, w] as rleSize accepts it: the masks decoded in bulk. */
function compressedCounts(seg: CocoSegmentation | undefined): string | null {
  if (!seg || Array.isArray(seg) || typeof seg.counts !== "string") return null;
  const size = seg.size;
  if (!Array.isArray(size) || size.length !== 2) return null;
  const h = size[0],
    w = size[1];
  return Number.isInteger(h) && Number.isInteger(w) && h >= 0 && w >= 0 ? seg.counts : null;
}

export interface LoadOptions extends DecodeMasksOptions {
  /**
   * The evaluation's useCats, if known: then only masks that can meet a GT (one of their image and
   * category; any of their image without useCats) keep their runs, the rest are only measured.
   */
  useCats?: boolean;
}

/** Marks the detections whose mask can meet a GT; null (all) when unknown or too large to tabulate. */
function masksMeetingGt(
  prepared: PreparedGroundTruth,
  loaded: LoadedResults,
  fast: Int32Array,
  fastCount: number,
  useCats: boolean | undefined,
): KeepRuns {
  const K = useCats ? prepared.categoryIds.length : 1;
  const units = prepared.imageIds.length * K;
  if (useCats === undefined || units > 50_000_000) return null;
  const hasGt = new Uint8Array(units);
  for (let g = 0; g < prepared.gtCount; g++) hasGt[prepared.gtImage[g] * K + (useCats ? prepared.gtCategory[g] : 0)] = 1;
  const keep = new Uint8Array(fastCount);
  for (let i = 0; i < loaded.count; i++) {
    const f = fast[i],
      k = loaded.categoryIndex[i];
    if (f >= 0 && k >= 0) keep[f] = hasGt[loaded.imageIndex[i] * K + (useCats ? k : 0)];
  }
  return keep;
}

/** Marks input loadResultsOneByOne must judge (it throws the specific error). */
class DeferToOneByOne extends Error {}

/**
 * Loading under way: `loaded` already holds image, category and score of every detection (what
 * sorting them needs); finish() completes areas, boxes and masks and returns the finished results
 * (or throws the error loadResultsOneByOne throws for bad input).
 */
export interface PendingResults {
  loaded: LoadedResults;
  finish(): LoadedResults;
}

/**
 * COCO.loadRes, equal to loadResultsOneByOne: a first pass reads ids, scores and boxes; the compressed
 * masks (nearly all of a real results file) are then decoded and measured in bulk, on two threads when
 * there are many (lib/eval/parallel) — the helper thread starts here, this thread joins it in finish().
 * Other segmentations are made one by one.
 */
export function startLoadingResults(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  onProgress?: (fraction: number) => void,
  options: LoadOptions = {},
): PendingResults {
  const oneByOne = (): PendingResults => {
    const loaded = loadResultsOneByOne(prepared, results, onProgress);
    return { loaded, finish: () => loaded };
  };
  try {
    const pending = startInBulk(prepared, results, onProgress, options);
    return {
      loaded: pending.loaded,
      finish() {
        try {
          return pending.finish();
        } catch (e) {
          if (!(e instanceof DeferToOneByOne)) throw e;
          return oneByOne().loaded;
        }
      },
    };
  } catch (e) {
    if (!(e instanceof DeferToOneByOne)) throw e;
    return oneByOne();
  }
}

export function loadResults(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  onProgress?: (fraction: number) => void,
  options: LoadOptions = {},
): LoadedResults {
  return startLoadingResults(prepared, results, onProgress, options).finish();
}

function startInBulk(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  onProgress: ((fraction: number) => void) | undefined,
  options: LoadOptions,
): PendingResults {
  const n = results.length;
  // The helper thread boots (30-100 ms) during the first pass below.
  if (wantThread(n, options)) maskWorker();
  const loaded = emptyLoadedResults(prepared, results);
  const { branch } = loaded;
  const wantMasks = usesMasks(prepared.iouType);
  const { imageIndexById, categoryIndexById, imageHeights, imageWidths } = prepared;
  const bulkIndex = new Int32Array(n).fill(-1);
  const strings: string[] = [];
  const heights = new Int32Array(n);
  const widths = new Int32Array(n);
  const single = new Map<number, PreparedRle>();
  const imageIndex = loaded.imageIndex,
    categoryIndex = loaded.categoryIndex,
    score = loaded.score;
  // Results files list an image's detections together: look an id up only when it changes.
  let lastImageId: unknown = undefined,
    lastImage = -1;
  let lastCategoryId: unknown = undefined,
    lastCategory = -1;
  for (let i = 0; i < n; i++) {
    const r = results[i];
    if (r.image_id !== lastImageId || lastImage < 0) {
      const image = imageIndexById.get(r.image_id);
      if (image === undefined) throw new DeferToOneByOne();
      lastImageId = r.image_id;
      lastImage = image;
    }
    const image = lastImage;
    imageIndex[i] = image;
    if (r.category_id !== lastCategoryId || i === 0) {
      lastCategoryId = r.category_id;
      lastCategory = categoryIndexById.get(r.category_id) ?? -1;
    }
    categoryIndex[i] = lastCategory;
    score[i] = r.score;
    let seg = r.segmentation;
    if (branch === "bbox") {
      const box = r.bbox;
      if (!box || box.length !== 4) throw new DeferToOneByOne();
      loaded.area[i] = box[2] * box[3];
      if (loaded.boxes) loaded.boxes.set(box, 4 * i);
      if (!wantMasks) continue; // the box is all bbox evaluation reads
      seg ??= boxPolygon(box);
    } else if (!seg) {
      throw new DeferToOneByOne();
    }
    const counts = compressedCounts(seg);
    if (counts !== null) {
      const size = (seg as { size: number[] }).size;
      bulkIndex[i] = strings.length;
      heights[strings.length] = size[0];
      widths[strings.length] = size[1];
      strings.push(counts);
    } else {
      try {
        single.set(i, loadMask(loaded, i, seg, imageHeights[image], imageWidths[image]));
      } catch {
        throw new DeferToOneByOne();
      }
    }
  }
  onProgress?.(0.2);
  const keep = wantMasks ? masksMeetingGt(prepared, loaded, bulkIndex, strings.length, options.useCats) : new Uint8Array(strings.length);
  const decoding = startDecodingMasks(strings, heights, widths, keep, options);
  return {
    loaded,
    finish: () => finishInBulk(loaded, results, decoding.finish(), bulkIndex, strings, heights, widths, single, wantMasks, onProgress),
  };
}

function finishInBulk(
  loaded: LoadedResults,
  results: readonly CocoResult[],
  bulk: DecodedMasks,
  bulkIndex: Int32Array,
  strings: string[],
  heights: Int32Array,
  widths: Int32Array,
  single: Map<number, PreparedRle>,
  wantMasks: boolean,
  onProgress: ((fraction: number) => void) | undefined,
): LoadedResults {
  if (bulk.invalid >= 0) throw new DeferToOneByOne();
  onProgress?.(0.9);
  for (let f = 0; f < strings.length; f++) loaded.zeroRunMasks += bulk.merged[f];
  const { count: n, branch } = loaded;
  const masks = maskTable(bulk, bulkIndex, strings, heights, widths, single);
  for (let i = 0; i < n; i++) {
    const f = bulkIndex[i];
    if (f < 0 && !single.has(i)) continue; // bbox branch, bbox evaluation: no mask
    let area: number, bx: number, by: number, bw: number, bh: number;
    if (f >= 0) {
      area = bulk.area[f];
      bx = bulk.box[4 * f];
      by = bulk.box[4 * f + 1];
      bw = bulk.box[4 * f + 2];
      bh = bulk.box[4 * f + 3];
    } else {
      const mask = single.get(i)!;
      area = mask.area;
      [bx, by, bw, bh] = mask.bbox;
    }
    if (branch === "segm") {
      loaded.area[i] = area;
      if (loaded.boxes) {
        // A later result may carry its own bbox; loadRes keeps it (toBbox only fills a missing one).
        const own = results[i].bbox;
        if (own && own.length === 4) loaded.boxes.set(own, 4 * i);
        else {
          loaded.boxes[4 * i] = bx;
          loaded.boxes[4 * i + 1] = by;
          loaded.boxes[4 * i + 2] = bw;
          loaded.boxes[4 * i + 3] = bh;
        }
      }
    }
  }
  if (wantMasks) loaded.masks = masks;
  onProgress?.(1);
  return loaded;
}
