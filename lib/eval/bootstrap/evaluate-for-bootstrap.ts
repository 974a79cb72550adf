import { evaluateMatchedSplit, matchResults } from "../evaluate";
import type { PreparedGroundTruth } from "../prepare-ground-truth";
import { splitMask } from "../split-counts";
import type { ResultTable } from "../result-table";
import type { CocoResult, EvalOptions, EvalParams, EvalResult } from "../types";
import { buildReplicateCache, type ReplicateCache } from "./replicate-cache";

/** COCOeval on one split (image ids, as params.imgIds), and the replicate cache of that evaluation. */
export function evaluateForBootstrap(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams,
  imageIds: readonly number[] = Array.from(prepared.imageIds),
  opts: EvalOptions = {},
): { result: EvalResult; cache: ReplicateCache } {
  const matched = matchResults(prepared, results, params, opts);
  const inSplit = splitMask(prepared, imageIds);
  opts.onProgress?.("accumulating", 0);
  const result = evaluateMatchedSplit(prepared, matched, inSplit, opts.summaryRule);
  const cache = buildReplicateCache(prepared, matched, inSplit);
  opts.onProgress?.("accumulating", 1);
  return { result, cache };
}

/** COCOeval on several splits from one matching pass (as evaluateSplits), with each split's replicate cache. */
export function evaluateSplitsForBootstrap(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams,
  splits: Record<string, readonly number[]>,
  opts: EvalOptions = {},
): Record<string, { result: EvalResult; cache: ReplicateCache }> {
  const matched = matchResults(prepared, results, params, opts);
  const out: Record<string, { result: EvalResult; cache: ReplicateCache }> = {};
  const names = Object.keys(splits);
  names.forEach((name, i) => {
    const inSplit = splitMask(prepared, splits[name]);
    opts.onProgress?.("accumulating", i / names.length);
    out[name] = {
      result: evaluateMatchedSplit(prepared, matched, inSplit, opts.summaryRule),
      cache: buildReplicateCache(prepared, matched, inSplit),
    };
  });
  opts.onProgress?.("accumulating", 1);
  return out;
}
