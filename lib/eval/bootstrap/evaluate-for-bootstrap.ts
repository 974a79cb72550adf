import { evaluateMatchedSplit, matchResults } from "../evaluate";
import type { PreparedGroundTruth } from "../prepare-ground-truth";
import { splitMask } from "../split-counts";
import type { CocoResult, EvalOptions, EvalParams, EvalResult } from "../types";
import { buildReplicateCache, type ReplicateCache } from "./replicate-cache";

/** COCOeval on one split (image ids, as params.imgIds), and the replicate cache of that evaluation. */
export function evaluateForBootstrap(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[],
  params: EvalParams,
  imageIds: readonly number[] = Array.from(prepared.imageIds),
  opts: EvalOptions = {},
): { result: EvalResult; cache: ReplicateCache } {
  const matched = matchResults(prepared, results, params, opts);
  const inSplit = splitMask(prepared, imageIds);
  opts.onProgress?.("accumulating", 0);
  const result = evaluateMatchedSplit(prepared, matched, inSplit);
  const cache = buildReplicateCache(prepared, matched, inSplit);
  opts.onProgress?.("accumulating", 1);
  return { result, cache };
}
