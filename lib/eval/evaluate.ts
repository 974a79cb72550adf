import { accumulate, type Accumulated, type RankedLists } from "./accumulate";
import { computeIous } from "./compute-iou";
import { buildEvaluationGroups } from "./evaluation-groups";
import type { LoadedResults } from "./load-results";
import { startLoadingResults, type PendingResults } from "./load-results-bulk";
import { isResultTable, loadResultTable, type ResultTable } from "./result-table";
import { matchAll, type MatchStates } from "./match-image";
import { microRankedList, microRegularGt } from "./micro";
import { DEFAULT_DILATION_RATIO, InvalidEvalParamsError, defaultParams, normalizeParams, recallThresholds } from "./params";
import { perClassMetrics } from "./per-class";
import { prCurves } from "./pr-curves";
import { prepareGroundTruth, type PreparedGroundTruth } from "./prepare-ground-truth";
import { positionFacts, rankPerCategory, rankPooledByImage, type PositionFacts } from "./ranked-lists";
import { countInstances, countRegularGt, poolCounts, splitMask, type DetectionTally } from "./split-counts";
import { summarize, summarizeByRule, type SummaryRule } from "./summarize";
import type { CocoGroundTruth, CocoResult, EvalOptions, EvalParams, EvalResult } from "./types";

/** The work every split shares: loadRes, the (image, category) units, the IoUs and the matching. */
export interface MatchedResults {
  params: EvalParams;
  /** What the per-class numDt counts: the loaded results, or a sharded evaluation's tallies. */
  dt: DetectionTally;
  facts: PositionFacts;
  /** Per category (useCats) or one pooled list: what the per-class numbers and macro averaging read. */
  macroLists: RankedLists;
  /** The pooled list of micro averaging, or null. */
  microLists: RankedLists | null;
  states: MatchStates;
  recallThresholds: number[];
}

function loaded(dt: LoadedResults): PendingResults {
  return { loaded: dt, finish: () => dt };
}

/** loadRes, the IoUs and evaluateImg for all images of the ground truth, once. */
export function matchResults(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams,
  opts: EvalOptions = {},
): MatchedResults {
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
  const loading = isResultTable(results)
    ? loaded(loadResultTable(prepared, results, report && ((f) => report("loading", f))))
    : startLoadingResults(prepared, results, report && ((f) => report("loading", f)), { parallel: opts.parallel, useCats: p.useCats });
  const groups = buildEvaluationGroups(prepared, loading.loaded, p.useCats, p.maxDets[p.maxDets.length - 1]);
  const facts = positionFacts(loading.loaded, groups);
  const K = prepared.categoryIds.length;
  const macroLists: RankedLists = p.useCats ? rankPerCategory(facts, K) : rankPooledByImage(facts);
  const microLists = p.useCats && p.classAveraging === "micro" ? microRankedList(facts, K) : null;
  const dt = loading.finish();
  if (dt.zeroRunMasks > 0) opts.onZeroRunsMerged?.(dt.zeroRunMasks);

  report?.("matching", 0);
  const ious = computeIous(prepared, dt, groups, report && ((f) => report("matching", 0.8 * f)));
  const states = matchAll(prepared, dt, groups, ious, p.areaRanges, p.iouThresholds, report && ((f) => report("matching", 0.8 + 0.2 * f)));
  return { params: p, dt, facts, macroLists, microLists, states, recallThresholds: recallThresholds(p.recallPoints) };
}

/** accumulate and summarize of one split (a mask over the ground truth's images) of matched results. */
export function evaluateMatchedSplit(
  prepared: PreparedGroundTruth,
  matched: MatchedResults,
  inSplit: Uint8Array,
  summaryRule: SummaryRule = "largest",
): EvalResult {
  const { params: p, facts, macroLists, microLists, states } = matched;
  const A = p.areaRanges.length;
  const regularPerCategory = countRegularGt(prepared, inSplit, p.areaRanges);
  const common = {
    states,
    positionImage: facts.image,
    positionRank: facts.rank,
    inSplit,
    recallThresholds: matched.recallThresholds,
    maxDets: p.maxDets,
  };
  const macro = accumulate({
    ...common,
    lists: macroLists,
    regularGt: p.useCats ? regularPerCategory : poolCounts(regularPerCategory, A),
  });
  let summary: Accumulated = macro;
  if (microLists) summary = accumulate({ ...common, lists: microLists, regularGt: microRegularGt(regularPerCategory, A) });
  const largest = summarize(summary, p);
  return {
    iouType: p.iouType,
    params: p,
    stats: summaryRule === "largest" ? largest : summarizeByRule(summary, p, summaryRule),
    ...(summaryRule === "largest" ? {} : { summaryRule, statsLargest: largest }),
    perClass: perClassMetrics(prepared, p.useCats ? macro : null, p, countInstances(prepared, matched.dt, inSplit)),
    prCurves: p.useCats ? prCurves(prepared, macro, p, matched.recallThresholds) : [],
  };
}

/**
 * COCOeval once per split over shared work: loadRes, the IoUs and the matching are computed once for
 * all images; each split (a list of image ids, like params.imgIds — GT and detections of other images
 * are left out) is then accumulated and summarized on its own.
 */
export function evaluateSplits(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams,
  splits: Record<string, readonly number[]>,
  opts: EvalOptions = {},
): Record<string, EvalResult> {
  const matched = matchResults(prepared, results, params, opts);
  const report = opts.onProgress;
  report?.("accumulating", 0);
  const names = Object.keys(splits);
  const out: Record<string, EvalResult> = {};
  names.forEach((name, s) => {
    out[name] = evaluateMatchedSplit(prepared, matched, splitMask(prepared, splits[name]), opts.summaryRule);
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
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams = defaultParams(isPrepared(gt) ? gt.iouType : "segm"),
  opts: EvalOptions = {},
): EvalResult {
  const prepared = isPrepared(gt) ? gt : prepareGroundTruth(gt, params.iouType, { dilationRatio: params.dilationRatio });
  return evaluateSplits(prepared, results, params, { all: Array.from(prepared.imageIds) }, opts).all;
}
