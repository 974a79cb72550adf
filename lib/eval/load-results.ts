import { InvalidResultsError } from "./errors";
import { maskList, type DetectionMasks } from "./detection-masks";
import { locate } from "./errors";
import { prepareRle, resultRle, type PreparedRle } from "./mask";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { usesMasks, type CocoResult, type CocoSegmentation } from "./types";

/**
 * The detections after COCO.loadRes, column-wise. Detection i has id i + 1 (loadRes numbers them by
 * position) and iscrowd 0.
 */
export interface LoadedResults {
  count: number;
  /** "bbox" when results[0] carried a non-empty bbox, else "segm" (loadRes decides from the first result only). */
  branch: "bbox" | "segm";
  imageIndex: Int32Array;
  /** -1 when the category is not one of the ground truth's: such detections are never evaluated. */
  categoryIndex: Int32Array;
  score: Float64Array;
  /** bbox branch: w * h of the box; segm branch: the mask's pixel count. Decides area-range ignores. */
  area: Float64Array;
  /** x, y, w, h per detection (filled for iouType bbox). */
  boxes: Float64Array | null;
  /** Masks with their area and box (filled for iouType segm). */
  masks: DetectionMasks | null;
  /** How many of the detections' RLEs had interior zero-length runs, merged on load (resultRle). */
  zeroRunMasks: number;
}

export { InvalidResultsError } from "./errors";

/** The polygon loadRes draws for a box result without a segmentation. */
export function boxPolygon(box: ArrayLike<number>): CocoSegmentation {
  const x1 = box[0],
    x2 = box[0] + box[2],
    y1 = box[1],
    y2 = box[1] + box[3];
  return [[x1, y1, x1, y2, x2, y2, x2, y1]];
}

/** The columns both loaders fill, and loadRes' bbox-or-segm branch, which it takes from results[0] alone. */
export function emptyLoadedResults(prepared: PreparedGroundTruth, results: readonly CocoResult[]): LoadedResults {
  const n = results.length;
  const first = results[0] as CocoResult | undefined;
  return {
    count: n,
    branch: first && Array.isArray(first.bbox) && first.bbox.length > 0 ? "bbox" : "segm",
    imageIndex: new Int32Array(n),
    categoryIndex: new Int32Array(n),
    score: new Float64Array(n),
    area: new Float64Array(n),
    boxes: prepared.iouType === "bbox" ? new Float64Array(4 * n) : null,
    masks: null,
    zeroRunMasks: 0,
  };
}

/** Detection i's mask (resultRle), measured; counts a canonicalized RLE in loaded.zeroRunMasks. */
export function loadMask(loaded: LoadedResults, i: number, segmentation: CocoSegmentation, h: number, w: number): PreparedRle {
  const where = `results[${i}].segmentation`;
  return locate(where, () => {
    const { rle, merged } = resultRle(segmentation, h, w);
    const mask = prepareRle(rle, where);
    if (merged) loaded.zeroRunMasks++;
    return mask;
  });
}

/**
 * loadRes one detection at a time: the definition. loadResults (load-results-bulk.ts) must equal it,
 * and defers to it whenever the input is bad so the error is the same (the first bad detection's).
 */
export function loadResultsOneByOne(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  onProgress?: (fraction: number) => void,
): LoadedResults {
  const loaded = emptyLoadedResults(prepared, results);
  const { count: n, branch } = loaded;
  const wantMasks = usesMasks(prepared.iouType);
  const masks: PreparedRle[] | null = wantMasks ? new Array<PreparedRle>(n) : null;
  const progressEvery = Math.max(1, Math.floor(n / 20));
  for (let i = 0; i < n; i++) {
    const r = results[i];
    const image = prepared.imageIndexById.get(r.image_id);
    if (image === undefined) {
      // loadRes asserts this ("Results do not correspond to current coco set").
      throw new InvalidResultsError(`results[${i}].image_id ${r.image_id} is not an image of the ground truth`);
    }
    loaded.imageIndex[i] = image;
    loaded.categoryIndex[i] = prepared.categoryIndexById.get(r.category_id) ?? -1;
    loaded.score[i] = r.score;
    const h = prepared.imageHeights[image],
      w = prepared.imageWidths[image];
    if (branch === "bbox") {
      const box = r.bbox;
      if (!box || box.length !== 4)
        throw new InvalidResultsError(`results[${i}] has no bbox [x, y, w, h], but results[0] has one: give every result a bbox, or none`);
      loaded.area[i] = box[2] * box[3];
      if (loaded.boxes) loaded.boxes.set(box, 4 * i);
      if (masks) masks[i] = loadMask(loaded, i, r.segmentation ?? boxPolygon(box), h, w);
    } else {
      if (!r.segmentation)
        throw new InvalidResultsError(`results[${i}] has no segmentation, but results[0] has one: give every result a segmentation`);
      const mask = loadMask(loaded, i, r.segmentation, h, w);
      loaded.area[i] = mask.area;
      // A later result may carry its own bbox; loadRes keeps it (toBbox only fills a missing one).
      if (loaded.boxes) loaded.boxes.set(r.bbox && r.bbox.length === 4 ? r.bbox : mask.bbox, 4 * i);
      if (masks) masks[i] = mask;
    }
    if (onProgress && i % progressEvery === 0) onProgress(i / n);
  }
  if (masks) loaded.masks = maskList(masks);
  onProgress?.(1);
  return loaded;
}
