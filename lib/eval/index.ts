// The public API of the evaluator: pycocotools' COCOeval (segm and bbox), reproduced bit for bit,
// plus a configurable protocol (thresholds, recall points, maxDets, area ranges, useCats, micro/macro).
export { evaluate, evaluateSplits } from "./evaluate";
export { prepareGroundTruth, InvalidGroundTruthError, type PreparedGroundTruth } from "./prepare-ground-truth";
export { defaultParams, linspace, normalizeParams, recallThresholds, InvalidEvalParamsError, COCO_IOU_THRESHOLDS, COCO_AREA_RANGES } from "./params";
export { InvalidResultsError } from "./load-results";
export { STAT_NAMES } from "./summarize";
export { EVALUATOR_VERSION } from "./version";
export type {
  AreaRange,
  ClassMetrics,
  CocoAnnotation,
  CocoBbox,
  CocoCategory,
  CocoGroundTruth,
  CocoImage,
  CocoPolygon,
  CocoResult,
  CocoRle,
  CocoSegmentation,
  EvalOptions,
  EvalParams,
  EvalResult,
  EvalStage,
  IouType,
  PrCurve,
} from "./types";
