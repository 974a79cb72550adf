// Detections as typed columns: what a streaming reader (lib/coco/result-columns.ts) builds from a
// results file of any size, instead of an array of objects holding counts strings. evaluate() and
// evaluateSplits() take it in place of CocoResult[]; loadResultTable is loadRes over it, equal to
// loadResultsOneByOne on the same detections (tested on every reference case).
import type { DetectionMasks } from "./detection-masks";
import { InvalidResultsError } from "./errors";
import type { LoadedResults } from "./load-results";
import { canonicalRle, decodeCounts, prepareRle, type PreparedRle } from "./mask";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { usesMasks } from "./types";

/**
 * Detection i of a results file: image_id, category_id, score as read; its own bbox (when it has
 * one); its mask as loadRes makes it (annToRLE; a box polygon for a bbox-branch result without
 * segmentation), measured, with the compressed counts kept outside the JS heap until needed.
 */
export interface ResultTable {
  readonly count: number;
  readonly imageId: Float64Array;
  readonly categoryId: Float64Array;
  readonly score: Float64Array;
  /** results[0] had a non-empty bbox: loadRes' bbox branch (area = w*h of the box). */
  readonly firstHasBbox: boolean;
  /** x, y, w, h of detection i's own bbox, or null when no detection has one. */
  readonly bbox: Float64Array | null;
  /** 1 when detection i has its own 4-number bbox. */
  readonly hasBbox: Uint8Array | null;
  /** The mask's size; -1 when the detection has none (only then is `counts` not called for it). */
  readonly maskHeight: Int32Array;
  readonly maskWidth: Int32Array;
  /** rleArea of the mask (NaN without one). */
  readonly maskArea: Float64Array;
  /** rleToBbox of the mask (x, y, w, h at 4i), or null when no detection needs it (each has its own bbox). */
  readonly maskBox: Float64Array | null;
  /** Detection i's compressed counts string (COCO's rleToString), read from wherever the reader keeps it. */
  counts(i: number): string;
}

export function isResultTable(value: unknown): value is ResultTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "maskHeight" in value && "counts" in value;
}

/** A table's masks, decoded when the evaluation asks for one (once per detection that meets a GT). */
function tableMasks(table: ResultTable): DetectionMasks {
  return {
    get(i): PreparedRle {
      // As the reader measured it (lib/coco/result-columns.ts): interior zero-length runs merged.
      return prepareRle(
        canonicalRle({ h: table.maskHeight[i], w: table.maskWidth[i], counts: decodeCounts(table.counts(i)) }),
        `results[${i}].segmentation`,
      );
    },
  };
}

/** COCO.loadRes over a ResultTable: the same columns and errors as loadResultsOneByOne. */
export function loadResultTable(prepared: PreparedGroundTruth, table: ResultTable, onProgress?: (fraction: number) => void): LoadedResults {
  const n = table.count;
  const branch = table.firstHasBbox ? "bbox" : "segm";
  const loaded: LoadedResults = {
    count: n,
    branch,
    imageIndex: new Int32Array(n),
    categoryIndex: new Int32Array(n),
    score: table.score,
    area: new Float64Array(n),
    boxes: prepared.iouType === "bbox" ? new Float64Array(4 * n) : null,
    masks: usesMasks(prepared.iouType) ? tableMasks(table) : null,
    zeroRunMasks: 0, // counted by the reader, which measured every mask (lib/coco ResultsTally)
  };
  const { imageIndexById, categoryIndexById } = prepared;
  const { bbox, hasBbox, maskBox, maskArea } = table;
  const boxes = loaded.boxes;
  const wantMasks = loaded.masks !== null;
  const progressEvery = Math.max(1, Math.floor(n / 20));
  // Results files list an image's detections together: look an id up only when it changes.
  let lastImageId = NaN,
    lastImage = -1,
    lastCategoryId = NaN,
    lastCategory = -1;
  for (let i = 0; i < n; i++) {
    const imageId = table.imageId[i];
    if (imageId !== lastImageId) {
      const image = imageIndexById.get(imageId);
      // loadRes asserts this ("Results do not correspond to current coco set").
      if (image === undefined) throw new InvalidResultsError(`results[${i}].image_id ${imageId} is not an image of the ground truth`);
      lastImageId = imageId;
      lastImage = image;
    }
    loaded.imageIndex[i] = lastImage;
    const categoryId = table.categoryId[i];
    if (categoryId !== lastCategoryId) {
      lastCategoryId = categoryId;
      lastCategory = categoryIndexById.get(categoryId) ?? -1;
    }
    loaded.categoryIndex[i] = lastCategory;
    const ownBox = hasBbox !== null && hasBbox[i] === 1;
    if (branch === "bbox") {
      if (!ownBox)
        throw new InvalidResultsError(`results[${i}] has no bbox [x, y, w, h], but results[0] has one: give every result a bbox, or none`);
      loaded.area[i] = bbox![4 * i + 2] * bbox![4 * i + 3];
      if (boxes) boxes.set(bbox!.subarray(4 * i, 4 * i + 4), 4 * i);
      if (wantMasks && table.maskHeight[i] < 0) throw new InvalidResultsError(`results[${i}] has no segmentation to evaluate masks on`);
    } else {
      if (table.maskHeight[i] < 0)
        throw new InvalidResultsError(`results[${i}] has no segmentation, but results[0] has one: give every result a segmentation`);
      loaded.area[i] = maskArea[i];
      // A later result may carry its own bbox; loadRes keeps it (toBbox only fills a missing one).
      if (boxes) boxes.set(ownBox ? bbox!.subarray(4 * i, 4 * i + 4) : maskBox!.subarray(4 * i, 4 * i + 4), 4 * i);
    }
    if (onProgress && i % progressEvery === 0) onProgress(i / n);
  }
  onProgress?.(1);
  return loaded;
}
