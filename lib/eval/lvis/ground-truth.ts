// The LVIS annotation format (Gupta et al., CVPR 2019) and the federated facts LVISEval reads from it.
import { InvalidGroundTruthError } from "../errors";
import type { PreparedGroundTruth } from "../prepare-ground-truth";
import type { CocoAnnotation, CocoCategory, CocoImage } from "../types";

/** r: in < 10 training images, c: 10-99, f: >= 100. */
export type LvisFrequency = "r" | "c" | "f";
export const LVIS_FREQUENCIES: readonly LvisFrequency[] = ["r", "c", "f"];

export interface LvisImage extends CocoImage {
  /** Categories verified absent from the image: their detections there are false positives. */
  neg_category_ids: number[];
  /** Categories present but not exhaustively annotated: their unmatched detections are ignored. */
  not_exhaustive_category_ids: number[];
}

export interface LvisCategory extends CocoCategory {
  frequency: LvisFrequency;
}

export interface LvisGroundTruth {
  images: LvisImage[];
  annotations: CocoAnnotation[];
  categories: LvisCategory[];
}

/**
 * Per (image, category) of a prepared LVIS ground truth, at key image * K + category (indices):
 * whether the category is verified absent (neg list), positive (has an evaluated GT there), or not
 * exhaustively annotated; and each category's frequency group.
 */
export interface FederatedLabels {
  negative: Set<number>;
  positive: Set<number>;
  notExhaustive: Set<number>;
  /** Frequency group (index into LVIS_FREQUENCIES) of each category index. */
  frequency: Uint8Array;
}

function idList(value: unknown, where: string, path: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new InvalidGroundTruthError(
      `${where} must be a list of category ids (LVIS format), got ${JSON.stringify(value)?.slice(0, 80)}`,
      path,
    );
  }
  return value as number[];
}

/**
 * What LVISEval requires of the format (it fails without them): a frequency r, c or f on every category,
 * and both federated lists on every image. Ids in the lists that are not categories are allowed (the
 * reference never looks them up).
 */
export function federatedLabels(gt: LvisGroundTruth, prepared: PreparedGroundTruth): FederatedLabels {
  const K = prepared.categoryIds.length;
  const frequency = new Uint8Array(K);
  for (const [c, category] of gt.categories.entries()) {
    const k = prepared.categoryIndexById.get(category.id)!;
    const group = LVIS_FREQUENCIES.indexOf(category.frequency);
    if (group < 0) {
      throw new InvalidGroundTruthError(
        `category id ${category.id} has frequency ${JSON.stringify(category.frequency)}; LVIS needs "r" (rare), "c" (common) or "f" (frequent) on every category`,
        `categories[${c}].frequency`,
      );
    }
    frequency[k] = group;
  }
  const labels: FederatedLabels = { negative: new Set(), positive: new Set(), notExhaustive: new Set(), frequency };
  for (const [n, image] of gt.images.entries()) {
    const i = prepared.imageIndexById.get(image.id)!;
    const where = `image id ${image.id}`;
    for (const id of idList(image.neg_category_ids, `${where}: neg_category_ids`, `images[${n}].neg_category_ids`)) {
      const k = prepared.categoryIndexById.get(id);
      if (k !== undefined) labels.negative.add(i * K + k);
    }
    for (const id of idList(
      image.not_exhaustive_category_ids,
      `${where}: not_exhaustive_category_ids`,
      `images[${n}].not_exhaustive_category_ids`,
    )) {
      const k = prepared.categoryIndexById.get(id);
      if (k !== undefined) labels.notExhaustive.add(i * K + k);
    }
  }
  // img_pl: the categories of the GT that enter the evaluation (area > 0), whatever their ignore flag.
  for (let j = 0; j < prepared.gtCount; j++) labels.positive.add(prepared.gtImage[j] * K + prepared.gtCategory[j]);
  return labels;
}
