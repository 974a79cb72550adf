// Bootstrap replicates of an evaluation (the semantics: docs/statistics.md): the cached per-image
// matching of one split, re-accumulated with image multiplicities drawn by the caller.
export { evaluateForBootstrap, evaluateSplitsForBootstrap } from "./evaluate-for-bootstrap";
export type { ReplicateCache, ReplicateLists } from "./replicate-cache";
export { replicateEvaluator, runReplicates, type Multiplicities, type ReplicateStats, type RunReplicatesOptions } from "./run-replicates";
export type { ReplicateEvaluator } from "./replicate-evaluator";
export { decodeReplicateCache, encodeReplicateCache, ReplicateCacheFormatError, REPLICATE_CACHE_FORMAT } from "./cache-format";
export { column, pairedComparison, pairedLowerBound, percentileInterval, type PairedComparison } from "./percentile";
