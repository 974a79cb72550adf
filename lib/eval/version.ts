/** Recorded with every score: bump when any number the evaluator produces could change. */
export const EVALUATOR_VERSION = "maskboard-cocoeval-1 (pycocotools 2.0.11 semantics)";
