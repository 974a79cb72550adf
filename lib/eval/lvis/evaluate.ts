// LVIS federated evaluation (lvis-api LVISEval), default and Fixed AP / challenge2021 modes.
import { accumulate } from "../accumulate";
import { computeIous } from "../compute-iou";
import { buildEvaluationGroups, type EvaluationGroups } from "../evaluation-groups";
import { loadResults } from "../load-results-bulk";
import type { LoadedResults } from "../load-results";
import { matchAll, type MatchStates } from "../match-image";
import { InvalidEvalParamsError } from "../errors";
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, DEFAULT_DILATION_RATIO, recallThresholds } from "../params";
import { prepareGroundTruth, type PreparedGroundTruth } from "../prepare-ground-truth";
import { positionFacts, rankPerCategory } from "../ranked-lists";
import { countInstances, countRegularGt, splitMask } from "../split-counts";
import type { CocoResult, EvalOptions, IouType } from "../types";
import { federatedLabels, LVIS_FREQUENCIES, type FederatedLabels, type LvisGroundTruth } from "./ground-truth";
import { limitPerCategory, limitPerImage } from "./limits";
import { lvisClassNumbers, lvisResults, type LvisClassMetrics } from "./summarize";

/**
 * "default": LVISEval(gt, dt, iou_type) on lvis-api master (segm, bbox) or the lvis_challenge_2021 branch
 * (boundary): at most 300 detections per image. "fixed": LVISEval(gt, dt, mode="challenge2021"), the
 * Fixed AP of the 2021 challenge (Dave et al., 2021): Boundary IoU, at most 10,000 detections per
 * category over the whole dataset, none per image.
 */
export type LvisMode = "default" | "fixed";

export interface LvisOptions extends EvalOptions {
  mode?: LvisMode;
  /** Default and fixed modes: segm (default), bbox or boundary; the fixed mode is always boundary. */
  iouType?: IouType;
  dilationRatio?: number;
}

export interface LvisCounts {
  resultsInFile: number;
  /** After the per-image top 300 (default) or the per-category top 10,000 (fixed). */
  detsAfterLimits: number;
  /** After the federated filter: unknown categories, area 0, categories neither positive nor verified absent. */
  detsEvaluated: number;
  gtEvaluated: number;
  categoriesPerFrequency: Record<"r" | "c" | "f", number>;
}

export interface LvisEvalResult {
  mode: LvisMode;
  iouType: IouType;
  /** The reference's results dictionary, keys as it names them (AP ... APf, AR@300 or AR@10000/cat ...). */
  results: Record<string, number>;
  perClass: LvisClassMetrics[];
  counts: LvisCounts;
  /** Per category (perClass order): GT not ignored and detections evaluated, in the images evaluated. */
  instances: { numGt: number[]; numDt: number[] };
}

export const LVIS_MAX_DETS_PER_IMAGE = 300;
export const LVIS_FIXED_MAX_DETS_PER_CATEGORY = 10_000;

/** Prepares an LVIS ground truth: LVISEval's selection (area > 0) and flags (no crowd, `ignore` kept). */
export function prepareLvisGroundTruth(gt: LvisGroundTruth, iouType: IouType, dilationRatio = DEFAULT_DILATION_RATIO): PreparedGroundTruth {
  return prepareGroundTruth(gt, iouType, { rules: "lvis", dilationRatio });
}

/** Status of each result of the file (debug): cut by a limit, dropped before matching, or evaluated. */
export type LvisStatus = "cut" | "dropped" | "evaluated";

export interface LvisRun {
  result: LvisEvalResult;
  /** The same evaluation restricted to each split's images (LVISEval with params.img_ids = the split), when asked. */
  bySplit: Record<string, LvisEvalResult>;
  /** By position in the results file. */
  status: LvisStatus[];
  /** The id LVISResults gives each result (1-based position after the limits), 0 if cut. */
  lvisId: Int32Array;
  /** The results loaded (detection q is results[resultIndex[q]]), their groups and match states (area "all" is a = 0). */
  loaded: LoadedResults;
  resultIndex: Int32Array;
  groups: EvaluationGroups;
  states: MatchStates;
}

/**
 * _prepare's federated filter, as categoryIndex = -1: a detection is evaluated only if its category is
 * one of the ground truth's, its area is in get_ann_ids' open interval (0, inf), and in its image the
 * category is either positive (has GT) or verified absent (neg_category_ids).
 */
function applyFederatedFilter(loaded: LoadedResults, labels: FederatedLabels, K: number): number {
  let evaluated = 0;
  for (let i = 0; i < loaded.count; i++) {
    const k = loaded.categoryIndex[i];
    if (k < 0) continue;
    const key = loaded.imageIndex[i] * K + k;
    const area = loaded.area[i];
    if (!(area > 0 && area < Infinity) || !(labels.positive.has(key) || labels.negative.has(key))) loaded.categoryIndex[i] = -1;
    else evaluated++;
  }
  return evaluated;
}

/** Whether loadRes takes the bbox branch for a list starting with `first` (a non-empty bbox). */
function bboxBranch(first: CocoResult | undefined): boolean {
  return !!first && Array.isArray(first.bbox) && first.bbox.length > 0;
}

/**
 * Positions (into the limited list) worth loading: all but the detections on a GT image whose category
 * is unknown or neither positive nor negative there. Detections on unknown images stay, so that loading
 * refuses them as LVISResults does. Everything, if leaving some out would change the first result's branch.
 */
function preFilter(
  limitedIndex: Int32Array,
  results: readonly CocoResult[],
  prepared: PreparedGroundTruth,
  labels: FederatedLabels,
): Int32Array {
  const K = prepared.categoryIds.length;
  const keep = new Int32Array(limitedIndex.length);
  let n = 0;
  for (let p = 0; p < limitedIndex.length; p++) {
    const r = results[limitedIndex[p]];
    const i = prepared.imageIndexById.get(r.image_id);
    const k = prepared.categoryIndexById.get(r.category_id);
    if (i !== undefined && (k === undefined || !(labels.positive.has(i * K + k) || labels.negative.has(i * K + k)))) continue;
    keep[n++] = p;
  }
  const all = Int32Array.from(limitedIndex.keys());
  if (n === 0 || bboxBranch(results[limitedIndex[keep[0]]]) !== bboxBranch(results[limitedIndex[0]])) return all;
  return keep.slice(0, n);
}

export function runLvis(
  gt: LvisGroundTruth | PreparedGroundTruth,
  lvisGt: LvisGroundTruth,
  results: readonly CocoResult[],
  options: LvisOptions = {},
  splits: Record<string, readonly number[]> = {},
): LvisRun {
  const mode = options.mode ?? "default";
  const iouType: IouType = mode === "fixed" ? "boundary" : (options.iouType ?? "segm");
  const dilationRatio = options.dilationRatio ?? DEFAULT_DILATION_RATIO;
  const prepared = "imageIndexById" in gt ? gt : prepareLvisGroundTruth(gt, iouType, dilationRatio);
  if (prepared.rules !== "lvis" || prepared.iouType !== iouType) {
    throw new InvalidEvalParamsError(
      `the ground truth was not prepared for LVIS ${iouType} evaluation: call prepareLvisGroundTruth(gt, "${iouType}")`,
    );
  }
  if (iouType === "boundary" && prepared.dilationRatio !== dilationRatio) {
    throw new InvalidEvalParamsError(
      `dilationRatio is ${dilationRatio} but the ground truth's boundaries were made with ${prepared.dilationRatio}`,
    );
  }
  const labels = federatedLabels(lvisGt, prepared);
  const K = prepared.categoryIds.length;
  const report = options.onProgress;

  // LVISResults: the limit first (it reorders the list), then loadRes on what is left.
  const limitedIndex =
    mode === "fixed" ? limitPerCategory(results, LVIS_FIXED_MAX_DETS_PER_CATEGORY) : limitPerImage(results, LVIS_MAX_DETS_PER_IMAGE);
  // Detections the federated filter drops whatever their mask (a category not of the GT, or neither
  // positive nor verified absent in the image) are not loaded: most of an LVIS file, never decoded.
  // Unless that changes loadRes' bbox/segm branch (decided by the first result of the limited list).
  const loadedIndex = preFilter(limitedIndex, results, prepared, labels);
  report?.("loading", 0);
  const loaded = loadResults(
    prepared,
    Array.from(loadedIndex, (p) => results[limitedIndex[p]]),
    report && ((f) => report("loading", f)),
    { parallel: options.parallel, useCats: true },
  );
  const detsEvaluated = applyFederatedFilter(loaded, labels, K);

  // evaluate_img scores every remaining detection: no per-unit maxDets cut.
  const groups = buildEvaluationGroups(prepared, loaded, true, Infinity);
  const facts = positionFacts(loaded, groups);
  const lists = rankPerCategory(facts, K);
  report?.("matching", 0);
  const ious = computeIous(prepared, loaded, groups, report && ((f) => report("matching", 0.8 * f)));
  const unmatchedIgnored = new Uint8Array(groups.count);
  for (let u = 0; u < groups.count; u++) unmatchedIgnored[u] = labels.notExhaustive.has(groups.image[u] * K + groups.category[u]) ? 1 : 0;
  const areaRanges = COCO_AREA_RANGES.map((a) => ({ name: a.name, range: [a.range[0], a.range[1]] as [number, number] }));
  const states = matchAll(
    prepared,
    loaded,
    groups,
    ious,
    areaRanges,
    COCO_IOU_THRESHOLDS,
    report && ((f) => report("matching", 0.8 + 0.2 * f)),
    unmatchedIgnored,
  );

  report?.("accumulating", 0);
  const limit = mode === "fixed" ? `${LVIS_FIXED_MAX_DETS_PER_CATEGORY}/cat` : `${LVIS_MAX_DETS_PER_IMAGE}`;
  const perFrequency = { r: 0, c: 0, f: 0 };
  for (let k = 0; k < K; k++) perFrequency[LVIS_FREQUENCIES[labels.frequency[k]]]++;
  // The limits and the matching are per image (or over the whole file, as LVISResults cuts before
  // _prepare reads params.img_ids): a split only changes which images accumulate counts.
  const summarize = (inSplit: Uint8Array, whole: boolean): LvisEvalResult => {
    const acc = accumulate({
      lists,
      states,
      positionImage: facts.image,
      positionRank: facts.rank,
      inSplit,
      regularGt: countRegularGt(prepared, inSplit, areaRanges),
      recallThresholds: recallThresholds(101),
      maxDets: [Infinity],
    });
    const classNumbers = lvisClassNumbers(acc);
    const instances = countInstances(prepared, loaded, inSplit);
    let gtInSplit = 0;
    for (let j = 0; j < prepared.gtCount; j++) gtInSplit += inSplit[prepared.gtImage[j]];
    return {
      mode,
      iouType,
      results: lvisResults(acc, labels.frequency, limit),
      perClass: prepared.categoryIds.map((categoryId, k) => ({
        categoryId,
        name: prepared.categoryNames[k],
        frequency: LVIS_FREQUENCIES[labels.frequency[k]],
        ...classNumbers[k],
      })),
      counts: {
        resultsInFile: results.length,
        detsAfterLimits: limitedIndex.length,
        detsEvaluated: whole ? detsEvaluated : instances.numDt.reduce((a, b) => a + b, 0),
        gtEvaluated: whole ? prepared.gtCount : gtInSplit,
        categoriesPerFrequency: perFrequency,
      },
      instances,
    };
  };
  const result = summarize(new Uint8Array(prepared.imageIds.length).fill(1), true);
  const bySplit: Record<string, LvisEvalResult> = {};
  for (const [name, ids] of Object.entries(splits)) bySplit[name] = summarize(splitMask(prepared, ids), false);
  report?.("accumulating", 1);

  const status = new Array<LvisStatus>(results.length).fill("cut");
  const lvisId = new Int32Array(results.length);
  limitedIndex.forEach((i, p) => {
    lvisId[i] = p + 1;
    status[i] = "dropped";
  });
  const resultIndex = Int32Array.from(loadedIndex, (p) => limitedIndex[p]);
  resultIndex.forEach((i, q) => {
    if (loaded.categoryIndex[q] >= 0) status[i] = "evaluated";
  });
  return { result, bySplit, status, lvisId, loaded, resultIndex, groups, states };
}

/** LVISEval(gt, dt, ...).run() on an LVIS-format ground truth (raw, or prepared with prepareLvisGroundTruth). */
export function evaluateLvis(
  gt: LvisGroundTruth,
  results: readonly CocoResult[],
  options: LvisOptions = {},
  prepared?: PreparedGroundTruth,
): LvisEvalResult {
  return runLvis(prepared ?? gt, gt, results, options).result;
}

/** evaluateLvis once per split (image ids, as LVISEval's params.img_ids): one matching, one accumulation per split. */
export function evaluateLvisSplits(
  gt: LvisGroundTruth,
  results: readonly CocoResult[],
  splits: Record<string, readonly number[]>,
  options: LvisOptions = {},
  prepared?: PreparedGroundTruth,
): Record<string, LvisEvalResult> {
  return runLvis(prepared ?? gt, gt, results, options, splits).bySplit;
}
