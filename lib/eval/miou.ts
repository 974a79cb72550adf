// mIoU from instances: the semantic-segmentation score of an instance submission (defined in
// lib/eval/README.md; no external reference). Each class is a binary segmentation per image: the union
// of its GT masks (crowd regions included: their pixels are that class) against the union of its
// detections scoring at least the threshold. Pixels are summed over the dataset, then IoU per class.
import { gtMaskRange } from "./gt-masks";
import { loadResults } from "./load-results-bulk";
import { intersectionArea, rleArea, rleMerge, type Rle } from "./mask";
import { InvalidEvalParamsError, InvalidGroundTruthError, InvalidResultsError } from "./errors";
import { prepareGroundTruth, type PreparedGroundTruth } from "./prepare-ground-truth";
import { isResultTable, loadResultTable, type ResultTable } from "./result-table";
import type { CocoGroundTruth, CocoResult, EvalOptions } from "./types";

export const DEFAULT_MIOU_SCORE_THRESHOLD = 0.5;

export interface MiouClass {
  categoryId: number;
  name: string;
  /** Σ over images of |GT ∩ detections| and |GT ∪ detections| of the class, in pixels. */
  intersection: number;
  union: number;
  /** intersection / union; -1 when the class has neither GT nor detection pixels anywhere. */
  iou: number;
}

export interface MiouResult {
  scoreThreshold: number;
  /** Mean IoU of the classes whose IoU is defined; -1 if none is. */
  mIoU: number;
  perClass: MiouClass[];
}

function union(masks: Rle[]): Rle | null {
  return masks.length === 0 ? null : rleMerge(masks, false);
}

/**
 * mIoU of the results at `scoreThreshold` (detections with score >= it take part). Detection masks are
 * read as loadRes reads them (a box-only result is its box); a mask whose size is not its image's is an
 * error, since it cannot be compared pixel by pixel.
 */
export function evaluateMiou(
  gt: CocoGroundTruth | PreparedGroundTruth,
  results: readonly CocoResult[],
  scoreThreshold = DEFAULT_MIOU_SCORE_THRESHOLD,
  options: Pick<EvalOptions, "parallel"> = {},
): MiouResult {
  const prepared = "imageIndexById" in gt ? gt : prepareGroundTruth(gt, "segm");
  return evaluateMiouSplits(prepared, results, { all: Array.from(prepared.imageIds) }, scoreThreshold, options).all;
}

/**
 * evaluateMiou once per split (image ids; ids not in the ground truth are ignored): the masks are
 * decoded and compared once, the pixels summed per split.
 */
export function evaluateMiouSplits(
  gt: CocoGroundTruth | PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  splits: Record<string, readonly number[]>,
  scoreThreshold = DEFAULT_MIOU_SCORE_THRESHOLD,
  options: Pick<EvalOptions, "parallel"> = {},
): Record<string, MiouResult> {
  // results: objects, or the worker's column table (memory bounded whatever the file's size).
  if (typeof scoreThreshold !== "number" || Number.isNaN(scoreThreshold)) {
    throw new InvalidEvalParamsError(`scoreThreshold must be a number, got ${JSON.stringify(scoreThreshold)}`);
  }
  const prepared = "imageIndexById" in gt ? gt : prepareGroundTruth(gt, "segm");
  if (prepared.iouType !== "segm") throw new InvalidEvalParamsError('mIoU needs the ground truth prepared for "segm" (masks)');
  const loaded = isResultTable(results)
    ? loadResultTable(prepared, results)
    : loadResults(prepared, results, undefined, { parallel: options.parallel });
  const K = prepared.categoryIds.length;
  const names = Object.keys(splits);
  const masks = names.map((name) => {
    const mask = new Uint8Array(prepared.imageIds.length);
    for (const id of splits[name]) {
      const i = prepared.imageIndexById.get(id);
      if (i !== undefined) mask[i] = 1;
    }
    return mask;
  });
  const intersection = names.map(() => new Float64Array(K));
  const unionPixels = names.map(() => new Float64Array(K));

  // Detections above the threshold, grouped by (image, category) key.
  const dets = new Map<number, number[]>();
  for (let d = 0; d < loaded.count; d++) {
    const k = loaded.categoryIndex[d];
    if (k < 0 || !(loaded.score[d] >= scoreThreshold)) continue;
    const key = loaded.imageIndex[d] * K + k;
    const list = dets.get(key);
    if (list) list.push(d);
    else dets.set(key, [d]);
  }
  const gts = new Map<number, number[]>();
  for (let j = 0; j < prepared.gtCount; j++) {
    const key = prepared.gtImage[j] * K + prepared.gtCategory[j];
    const list = gts.get(key);
    if (list) list.push(j);
    else gts.set(key, [j]);
  }
  for (const key of new Set([...gts.keys(), ...dets.keys()])) {
    const i = Math.floor(key / K),
      k = key % K;
    if (!masks.some((m) => m[i] === 1)) continue;
    const h = prepared.imageHeights[i],
      w = prepared.imageWidths[i];
    const detMasks = (dets.get(key) ?? []).map((d) => {
      const mask = loaded.masks!.get(d);
      if (mask.h !== h || mask.w !== w) {
        throw new InvalidResultsError(
          `a detection on image id ${prepared.imageIds[i]} has a mask of size [${mask.h}, ${mask.w}] but the image is [${h}, ${w}]; mIoU compares masks pixel by pixel`,
        );
      }
      return mask;
    });
    const gtMasks = (gts.get(key) ?? []).map((j) => {
      const mask = gtMaskRange(prepared.gtMasks!, j, j + 1)[0];
      if (mask.h !== h || mask.w !== w) {
        throw new InvalidGroundTruthError(
          `annotation id ${prepared.gtId[j]} has a mask of size [${mask.h}, ${mask.w}] but its image is [${h}, ${w}]`,
        );
      }
      return mask;
    });
    const g = union(gtMasks);
    const d = union(detMasks);
    const both = g && d ? intersectionArea(g.counts, d.counts) : 0;
    const unionOfBoth = (g ? rleArea(g) : 0) + (d ? rleArea(d) : 0) - both;
    masks.forEach((m, s) => {
      if (m[i] !== 1) return;
      intersection[s][k] += both;
      unionPixels[s][k] += unionOfBoth;
    });
  }
  const out: Record<string, MiouResult> = {};
  names.forEach((name, s) => {
    const perClass: MiouClass[] = prepared.categoryIds.map((categoryId, k) => ({
      categoryId,
      name: prepared.categoryNames[k],
      intersection: intersection[s][k],
      union: unionPixels[s][k],
      iou: unionPixels[s][k] > 0 ? intersection[s][k] / unionPixels[s][k] : -1,
    }));
    const defined = perClass.filter((c) => c.iou >= 0);
    out[name] = {
      scoreThreshold,
      mIoU: defined.length === 0 ? -1 : defined.reduce((sum, c) => sum + c.iou, 0) / defined.length,
      perClass,
    };
  });
  return out;
}
