// The COCO data the evaluator reads and the numbers it produces.

/** A polygon as COCO stores it: [x1, y1, x2, y2, ...] in pixel coordinates. */
export type CocoPolygon = number[];

/** Run-length mask; `counts` is a list (uncompressed) or COCO's compressed string. */
export interface CocoRle {
  size: [number, number];
  counts: number[] | string;
}

export type CocoSegmentation = CocoPolygon[] | CocoRle;

/** [x, y, width, height] */
export type CocoBbox = [number, number, number, number] | number[];

export interface CocoImage {
  id: number;
  width: number;
  height: number;
  file_name?: string;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** Area ranges (small/medium/large) are decided by this field, not by the mask. */
  area: number;
  segmentation?: CocoSegmentation;
  bbox?: CocoBbox;
  iscrowd?: number | boolean;
  /** Read but overwritten by iscrowd, as pycocotools does. */
  ignore?: number | boolean;
}

export interface CocoGroundTruth {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

/** One detection of a results file, as pycocotools' loadRes takes it. */
export interface CocoResult {
  image_id: number;
  category_id: number;
  score: number;
  segmentation?: CocoSegmentation;
  bbox?: CocoBbox;
}

/**
 * What a detection is compared with a GT by: masks, boxes, or masks and their boundary regions
 * (Boundary IoU: min(mask IoU, boundary IoU); crowd regions keep mask IoU).
 */
export type IouType = "segm" | "bbox" | "boundary";

/** Whether the IoU type reads masks (segm and boundary) rather than boxes. */
export function usesMasks(iouType: IouType): boolean {
  return iouType !== "bbox";
}

export interface AreaRange {
  name: string;
  /** Inclusive at both ends, as pycocotools compares. */
  range: [number, number];
}

export interface EvalParams {
  iouType: IouType;
  iouThresholds: number[];
  recallPoints: number;
  maxDets: number[];
  areaRanges: AreaRange[];
  useCats: boolean;
  classAveraging: "macro" | "micro";
  /** Boundary IoU only: the boundary is the mask within round(dilationRatio * image diagonal) pixels of its edge (default 0.02). */
  dilationRatio?: number;
}

/** Per-category numbers; -1 where undefined (no GT of the class in the split, or metric not configured). */
export interface ClassMetrics {
  categoryId: number;
  name: string;
  /** Non-crowd GT instances of the class in the split's images. */
  numGt: number;
  /** Detections of the class in the split's images after loadRes, before the maxDets cut. */
  numDt: number;
  ap: number;
  ap50: number;
  ap75: number;
  apSmall: number;
  apMedium: number;
  apLarge: number;
  ar1: number;
  ar10: number;
  ar100: number;
  arSmall: number;
  arMedium: number;
  arLarge: number;
}

export interface PrCurve {
  categoryId: number;
  /** The recall points (numpy linspace values). */
  recall: number[];
  /** Interpolated precision at each recall point; -1 everywhere if the threshold is not configured. */
  iou50: number[];
  iou75: number[];
  /** Mean over all configured IoU thresholds. */
  mean: number[];
}

export interface EvalResult {
  iouType: IouType;
  params: EvalParams;
  /** COCO's 12: AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl (by EvalOptions.summaryRule). */
  stats: number[];
  /** The summary rule `stats` follow when not "largest" (absent: "largest"); per-class metrics always follow "largest". */
  summaryRule?: "pycocotools";
  /** Under the "pycocotools" rule: the same 12 by Maskboard's "largest" rule, to say when they differ. */
  statsLargest?: number[];
  perClass: ClassMetrics[];
  prCurves: PrCurve[];
}

export type EvalStage = "loading" | "matching" | "accumulating";

export interface EvalOptions {
  onProgress?: (stage: EvalStage, fraction: number) => void;
  /**
   * Decode the results' masks on a second thread too: true always, false never, unset (default) when
   * there are 50,000 masks or more and more than one core. The numbers are the same either way.
   */
  parallel?: boolean;
  /**
   * How the 12 stats pick maxDets and thresholds (summarize.ts SummaryRule): "largest" (default, every
   * platform protocol) or "pycocotools" (COCOeval.summarize to the letter: the eval CLI's default).
   */
  summaryRule?: "largest" | "pycocotools";
  /**
   * Called once the results are loaded when some of their RLEs had interior zero-length runs, with
   * how many: they were merged (lib/eval/mask mergeZeroRuns), which pycocotools does not do.
   */
  onZeroRunsMerged?: (masks: number) => void;
}
