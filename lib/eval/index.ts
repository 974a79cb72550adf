// The public API of the evaluator: pycocotools' COCOeval (segm and bbox), reproduced bit for bit,
// plus a configurable protocol (thresholds, recall points, maxDets, area ranges, useCats, micro/macro).
//
// The pipeline, in COCOeval's order (one file each):
//   prepare-ground-truth  p.imgIds / p.catIds sorted, GT grouped per (image, category), masks rasterized once
//   load-results          COCO.loadRes: branch from results[0], det area and box, ids by position
//   load-results-bulk     the same for a whole file: compressed masks decoded in bulk, on two threads
//                         when there are many (parallel/: a helper thread, shared columns), while the
//                         main thread sorts the detections
//   evaluation-groups     the (image, category) units — per image when useCats is off — with detections
//                         sorted by score (stable) and cut to the largest maxDets (computeIoU)
//   compute-iou           the IoU block of every unit (mask layer: lib/eval/mask)
//   match-image           evaluateImg: greedy matching per area range and IoU threshold
//   ranked-lists          the order accumulate sees the detections in (mergesort over images in id order)
//   accumulate            precision/recall arrays per split; micro.ts pools the classes instead
//   summarize, per-class  the 12 numbers as numpy computes them (numpy-mean: pairwise summation)
//   pr-curves             per-class precision at the recall points
//   shard-matching        the matching of image shards apart (any worker), merged for accumulate
//
// Beyond COCOeval, each exact to its reference (lib/eval/README.md defines them):
//   boundary-iou          Boundary IoU as a third IoU type (boundary-iou-api); mask/boundary.ts, erode.ts
//   lvis/                 LVIS federated AP and Fixed AP (lvis-api LVISEval, default and challenge2021)
//   tide/                 TIDE error analysis (tidecv): dAP per error type
//   miou                  mIoU from instances (our definition)
export { evaluate, evaluateSplits } from "./evaluate";
export {
  prepareGroundTruth,
  InvalidGroundTruthError,
  type GroundTruthRules,
  type PrepareOptions,
  type PreparedGroundTruth,
} from "./prepare-ground-truth";
export {
  defaultParams,
  linspace,
  normalizeParams,
  recallThresholds,
  InvalidEvalParamsError,
  COCO_IOU_THRESHOLDS,
  COCO_AREA_RANGES,
  DEFAULT_DILATION_RATIO,
} from "./params";
export {
  evaluateLvis,
  evaluateLvisSplits,
  prepareLvisGroundTruth,
  LVIS_MAX_DETS_PER_IMAGE,
  LVIS_FIXED_MAX_DETS_PER_CATEGORY,
  type LvisCounts,
  type LvisEvalResult,
  type LvisMode,
  type LvisOptions,
} from "./lvis/evaluate";
export { LVIS_FREQUENCIES, type LvisCategory, type LvisFrequency, type LvisGroundTruth, type LvisImage } from "./lvis/ground-truth";
export type { LvisClassMetrics } from "./lvis/summarize";
export { evaluateTide, TIDE_THRESHOLDS, type TideMode, type TideOptions, type TideResult } from "./tide/evaluate";
export { MAIN_ERRORS as TIDE_MAIN_ERRORS, type MainError as TideMainError } from "./tide/errors";
export { evaluateMiou, evaluateMiouSplits, DEFAULT_MIOU_SCORE_THRESHOLD, type MiouClass, type MiouResult } from "./miou";
export { InvalidResultsError } from "./load-results";
export { EvalInputError, InvalidPolygonError, InvalidRleError, type EvalProblem } from "./errors";
export { STAT_NAMES } from "./summarize";
export { EVALUATOR_VERSION } from "./version";
export { startEvaluatorThreads } from "./parallel/decode-masks";
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
export { usesMasks } from "./types";
