import { accumulate, type Accumulated, type RankedLists } from "./accumulate";
import { computeIous } from "./compute-iou";
import { buildEvaluationGroups } from "./evaluation-groups";
import { startLoadingResults } from "./load-results-bulk";
import { matchAll } from "./match-image";
import { microRankedList, microRegularGt } from "./micro";
import { DEFAULT_DILATION_RATIO, InvalidEvalParamsError, defaultParams, normalizeParams, recallThresholds } from "./params";
import { perClassMetrics } from "./per-class";
import { prCurves } from "./pr-curves";
import { prepareGroundTruth, type PreparedGroundTruth } from "./prepare-ground-truth";
import { positionFacts, rankPerCategory, rankPooledByImage } from "./ranked-lists";
import { countInstances, countRegularGt, poolCounts, splitMask } from "./split-counts";
import { summarize } from "./summarize";
import type { CocoGroundTruth, CocoResult, EvalOptions, EvalParams, EvalResult } from "./types";

/**
 * COCOeval once per split over shared work: loadRes, the IoUs and the matching are computed once for
 * all images; each split (a list of image ids, like params.imgIds — GT and detections of other images
 * are left out) is then accumulated and summarized on its own.
 */
export function evaluateSplits(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  params: EvalParams,
  splits: Record<string, readonly number[]>,
  opts: EvalOptions = {},
): Record<string, EvalResult> {
  const p = normalizeParams(params);
  if (p.iouType !== prepared.iouType) {
    throw new InvalidEvalParamsError(
      `params.iouType is "${p.iouType}" but the ground truth was prepared for "${prepared.iouType}": call prepareGroundTruth(gt, "${p.iouType}")`,
    );
  }
  if (p.iouType === "boundary" && (p.dilationRatio ?? DEFAULT_DILATION_RATIO) !== prepared.dilationRatio) {
    throw new InvalidEvalParamsError(
      `params.dilationRatio is ${p.dilationRatio} but the ground truth's boundaries were made with ${prepared.dilationRatio}: prepare it with the same ratio`,
    );
  }
  const report = opts.onProgress;
  report?.("loading", 0);
  // Sorting needs only ids and scores: it runs while the helper thread decodes masks (lib/eval/parallel).
  const loading = startLoadingResults(prepared, results, report && ((f) => report("loading", f)), {
    parallel: opts.parallel,
    useCats: p.useCats,
  });
  const groups = buildEvaluationGroups(prepared, loading.loaded, p.useCats, p.maxDets[p.maxDets.length - 1]);
  const facts = positionFacts(loading.loaded, groups);
  const K = prepared.categoryIds.length,
    A = p.areaRanges.length;
  const macroLists: RankedLists = p.useCats ? rankPerCategory(facts, K) : rankPooledByImage(facts);
  const microLists = p.useCats && p.classAveraging === "micro" ? microRankedList(facts, K) : null;
  const dt = loading.finish();

  report?.("matching", 0);
  const ious = computeIous(prepared, dt, groups, report && ((f) => report("matching", 0.8 * f)));
  const states = matchAll(prepared, dt, groups, ious, p.areaRanges, p.iouThresholds, report && ((f) => report("matching", 0.8 + 0.2 * f)));

  report?.("accumulating", 0);
  const recThrs = recallThresholds(p.recallPoints);
  const names = Object.keys(splits);
  const out: Record<string, EvalResult> = {};
  names.forEach((name, s) => {
    const inSplit = splitMask(prepared, splits[name]);
    const regularPerCategory = countRegularGt(prepared, inSplit, p.areaRanges);
    const common = { states, positionImage: facts.image, positionRank: facts.rank, inSplit, recallThresholds: recThrs, maxDets: p.maxDets };
    const macro = accumulate({
      ...common,
      lists: macroLists,
      regularGt: p.useCats ? regularPerCategory : poolCounts(regularPerCategory, A),
    });
    let summary: Accumulated = macro;
    if (microLists) summary = accumulate({ ...common, lists: microLists, regularGt: microRegularGt(regularPerCategory, A) });
    out[name] = {
      iouType: p.iouType,
      params: p,
      stats: summarize(summary, p),
      perClass: perClassMetrics(prepared, p.useCats ? macro : null, p, countInstances(prepared, dt, inSplit)),
      prCurves: p.useCats ? prCurves(prepared, macro, p, recThrs) : [],
    };
    report?.("accumulating", (s + 1) / names.length);
  });
  return out;
}

function isPrepared(gt: CocoGroundTruth | PreparedGroundTruth): gt is PreparedGroundTruth {
  return "imageIndexById" in gt;
}

/** COCOeval on all images of the ground truth (raw, or prepared for params.iouType). */
export function evaluate(
  gt: CocoGroundTruth | PreparedGroundTruth,
  results: readonly CocoResult[],
  params: EvalParams = defaultParams(isPrepared(gt) ? gt.iouType : "segm"),
  opts: EvalOptions = {},
): EvalResult {
  const prepared = isPrepared(gt) ? gt : prepareGroundTruth(gt, params.iouType, { dilationRatio: params.dilationRatio });
  return evaluateSplits(prepared, results, params, { all: Array.from(prepared.imageIds) }, opts).all;
}
