// COCO files in and out of the evaluator: reading (.json/.gz/.zip, any size) and validating.
export { CocoValidationError, MAX_LISTED_PROBLEMS, type CocoProblem, type CocoErrorCode } from "./errors";
export { DEFAULT_MAX_EXPANDED_BYTES, detectFormat, readSourceChunks, type ReadSourceOptions } from "./compressed-source";
export { readJsonMaybeCompressed } from "./read-document";
export { parseJsonArrayStream } from "./json-array-stream";
export { parseGroundTruthFile, validateGroundTruth, type ParseGroundTruthOptions } from "./ground-truth";
export { summarizeGroundTruth, type GroundTruthSummary } from "./ground-truth-summary";
export { parseResultsFile, validateResultsFile, type ParseResultsOptions } from "./results";
