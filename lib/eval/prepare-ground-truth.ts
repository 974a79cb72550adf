import { InvalidGroundTruthError } from "./errors";
import { packMasks, type GtMasks } from "./gt-masks";
import { locate } from "./errors";
import { annToRle, prepareRle, type PreparedRle } from "./mask";
import { maskBoundary } from "./mask/boundary";
import { DEFAULT_DILATION_RATIO } from "./params";
import { usesMasks, type CocoGroundTruth, type IouType } from "./types";

/**
 * The ground truth as COCOeval sees it, built once and reused for every submission: images and
 * categories sorted by id (p.imgIds, p.catIds), annotations of known images and categories ordered by
 * (image, category, file order) — the order in which _gts[img, cat] lists them — and, for segm and
 * boundary, every GT mask rasterized once (for boundary, its boundary mask too).
 */
export interface PreparedGroundTruth {
  iouType: IouType;
  imageIds: Float64Array;
  imageIndexById: Map<number, number>;
  imageHeights: Int32Array;
  imageWidths: Int32Array;
  categoryIds: number[];
  categoryNames: string[];
  categoryIndexById: Map<number, number>;
  gtCount: number;
  gtId: Float64Array;
  /** Position of the annotation in gt.annotations (TIDE reads an image's GT in file order). */
  gtSource: Int32Array;
  gtImage: Int32Array;
  gtCategory: Int32Array;
  /** The annotation's `area` field: area ranges are decided by it, never by the mask. */
  gtArea: Float64Array;
  /** Crowd regions: matched by any number of detections, IoU = intersection / detection area. */
  gtCrowd: Uint8Array;
  /** Ignored GT (evaluateImg's g['ignore']): never counted as positives; a detection matching one is ignored. */
  gtIgnore: Uint8Array;
  /** x, y, w, h per GT (bbox only). */
  gtBoxes: Float64Array | null;
  /** Rasterized masks with their area and box (segm and boundary), as flat columns (gtMaskRange reads them). */
  gtMasks: GtMasks | null;
  /** Boundary masks of the GT (boundary only), same layout, and the dilation ratio they were made with. */
  gtBoundaries: GtMasks | null;
  dilationRatio: number;
  /** The GT selection and flags: "cocoeval" (pycocotools, boundary-iou-api) or "lvis" (LVISEval). */
  rules: GroundTruthRules;
  /** GT of image i occupy [imageGtStart[i], imageGtStart[i + 1]). */
  imageGtStart: Int32Array;
}

export { InvalidGroundTruthError } from "./errors";

function truthy(value: unknown): boolean {
  return Boolean(value);
}

export type GroundTruthRules = "cocoeval" | "lvis";

export interface PrepareOptions {
  /** Boundary IoU only: d = round(ratio * image diagonal), default 0.02. */
  dilationRatio?: number;
  /** Default "cocoeval". */
  rules?: GroundTruthRules;
}

/** The crowd and ignore flags of one annotation under each evaluator's rules. */
function gtFlags(
  ann: CocoGroundTruth["annotations"][number],
  iouType: IouType,
  rules: GroundTruthRules,
): { crowd: number; ignore: number } {
  // LVISEval: every GT is non-crowd (iscrowd = [0] * len(gt)); an `ignore` field is honoured.
  if (rules === "lvis") return { crowd: 0, ignore: truthy(ann.ignore) ? 1 : 0 };
  const crowd = truthy(ann.iscrowd) ? 1 : 0;
  // pycocotools: gt['ignore'] = 'iscrowd' in gt and gt['iscrowd'] — an `ignore` field is overwritten;
  // boundary-iou-api's copy of COCOeval keeps it: gt['ignore'] = gt['ignore'] or iscrowd.
  const ignore = iouType === "boundary" ? (truthy(ann.ignore) || crowd === 1 ? 1 : 0) : crowd;
  return { crowd, ignore };
}

export function prepareGroundTruth(gt: CocoGroundTruth, iouType: IouType, options: PrepareOptions = {}): PreparedGroundTruth {
  const rules = options.rules ?? "cocoeval";
  const dilationRatio = options.dilationRatio ?? DEFAULT_DILATION_RATIO;
  const sizeById = new Map<number, { h: number; w: number }>();
  for (const image of gt.images) sizeById.set(image.id, { h: image.height, w: image.width });
  const imageIds = Float64Array.from(sizeById.keys()).sort();
  const imageIndexById = new Map<number, number>();
  const imageHeights = new Int32Array(imageIds.length);
  const imageWidths = new Int32Array(imageIds.length);
  imageIds.forEach((id, i) => {
    imageIndexById.set(id, i);
    const size = sizeById.get(id)!;
    imageHeights[i] = size.h;
    imageWidths[i] = size.w;
  });

  const nameById = new Map<number, string>();
  for (const category of gt.categories) nameById.set(category.id, category.name);
  const categoryIds = [...nameById.keys()].sort((a, b) => a - b);
  const categoryNames = categoryIds.map((id) => nameById.get(id)!);
  const categoryIndexById = new Map(categoryIds.map((id, k) => [id, k]));

  // Annotations on unknown images or categories are never selected by getAnnIds(imgIds, catIds).
  const kept: number[] = [];
  const annImage: number[] = [];
  const annCategory: number[] = [];
  gt.annotations.forEach((ann, i) => {
    const image = imageIndexById.get(ann.image_id);
    const category = categoryIndexById.get(ann.category_id);
    if (image === undefined || category === undefined) return;
    // LVIS get_ann_ids(img_ids, cat_ids) also filters on area_rng [0, inf] with strict comparisons:
    // annotations of area 0 (or NaN, or infinite) are left out of the evaluation entirely.
    if (rules === "lvis" && typeof ann.area === "number" && !(ann.area > 0 && ann.area < Infinity)) return;
    kept.push(i);
    annImage[i] = image;
    annCategory[i] = category;
  });
  kept.sort((a, b) => annImage[a] - annImage[b] || annCategory[a] - annCategory[b] || a - b);

  const n = kept.length;
  const prepared: PreparedGroundTruth = {
    iouType,
    imageIds,
    imageIndexById,
    imageHeights,
    imageWidths,
    categoryIds,
    categoryNames,
    categoryIndexById,
    gtCount: n,
    gtId: new Float64Array(n),
    gtSource: new Int32Array(n),
    gtImage: new Int32Array(n),
    gtCategory: new Int32Array(n),
    gtArea: new Float64Array(n),
    gtCrowd: new Uint8Array(n),
    gtIgnore: new Uint8Array(n),
    gtBoxes: iouType === "bbox" ? new Float64Array(4 * n) : null,
    gtMasks: null,
    gtBoundaries: null,
    dilationRatio,
    rules,
    imageGtStart: new Int32Array(imageIds.length + 1),
  };
  const masks: PreparedRle[] | null = usesMasks(iouType) ? new Array<PreparedRle>(n) : null;
  for (let j = 0; j < n; j++) {
    const i = kept[j];
    const ann = gt.annotations[i];
    prepared.gtId[j] = ann.id;
    prepared.gtSource[j] = i;
    prepared.gtImage[j] = annImage[i];
    prepared.gtCategory[j] = annCategory[i];
    if (typeof ann.area !== "number" || !Number.isFinite(ann.area)) {
      throw new InvalidGroundTruthError(
        `annotation id ${ann.id} has area ${JSON.stringify(ann.area)}; every ground-truth annotation needs a numeric area (it decides small/medium/large)`,
      );
    }
    prepared.gtArea[j] = ann.area;
    const flags = gtFlags(ann, iouType, rules);
    prepared.gtCrowd[j] = flags.crowd;
    prepared.gtIgnore[j] = flags.ignore;
    if (prepared.gtBoxes) {
      const box = ann.bbox;
      if (!box || box.length !== 4) {
        throw new InvalidGroundTruthError(
          `annotation id ${ann.id} has no bbox [x, y, w, h]; bbox evaluation needs one on every ground-truth annotation`,
        );
      }
      prepared.gtBoxes.set(box, 4 * j);
    }
    if (masks) {
      if (!ann.segmentation) {
        throw new InvalidGroundTruthError(
          `annotation id ${ann.id} has no segmentation; ${iouType} evaluation needs one on every ground-truth annotation`,
        );
      }
      masks[j] = locate(`annotation id ${ann.id}`, () =>
        prepareRle(annToRle(ann.segmentation!, imageHeights[annImage[i]], imageWidths[annImage[i]]), `annotation id ${ann.id}`),
      );
    }
    prepared.imageGtStart[annImage[i] + 1]++;
  }
  for (let i = 0; i < imageIds.length; i++) prepared.imageGtStart[i + 1] += prepared.imageGtStart[i];
  if (masks) prepared.gtMasks = packMasks(masks);
  if (masks && iouType === "boundary") {
    prepared.gtBoundaries = packMasks(
      masks.map((m, j) => prepareRle(maskBoundary(m, dilationRatio), `boundary of annotation ${prepared.gtId[j]}`)),
    );
  }
  return prepared;
}
