import "server-only";
import { usesMasks, type CocoCategory, type CocoGroundTruth, type CocoImage, type IouType } from "@/lib/eval";
import type { ReadSourceOptions } from "./compressed-source";
import { describeList, describeValue, isFiniteNumber } from "./describe-value";

/** Largest image a ground truth may hold: masks are counted in 32-bit run lengths (issue 11, item 10). */
export const MAX_IMAGE_SIDE = 65_536;
export const MAX_IMAGE_PIXELS = 2 ** 31 - 1;
import { CocoValidationError, MAX_LISTED_PROBLEMS, ProblemList } from "./errors";
import { readJsonMaybeCompressed } from "./read-document";
import { segmentationProblem } from "./segmentation-check";
import { summarizeGroundTruth, type GroundTruthSummary } from "./ground-truth-summary";
import { addLvisFormatProblems } from "./lvis-format";

export type ParseGroundTruthOptions = ReadSourceOptions & {
  /** "segm" (default) and "boundary" require a segmentation on every annotation; "bbox" a bbox. */
  iouType?: IouType;
  /** The phase is scored with LVIS AP: the file must be LVIS-format (lib/coco/lvis-format.ts). */
  lvis?: boolean;
  maxProblems?: number;
  /**
   * "pycocotools" accepts the segmentations pycocotools rasterizes although a well-made file never
   * holds them (short or odd polygon parts, an RLE of another size than its image; see
   * segmentationProblem). Default "challenge": refused.
   */
  rules?: "challenge" | "pycocotools";
};

/** Reads, validates and summarizes a COCO ground-truth file (.json, .json.gz or .zip). */
export async function parseGroundTruthFile(
  path: string,
  options: ParseGroundTruthOptions = {},
): Promise<{ gt: CocoGroundTruth; summary: GroundTruthSummary }> {
  const doc = await readJsonMaybeCompressed(path, options);
  const gt = validateGroundTruth(doc, options);
  return { gt, summary: summarizeGroundTruth(gt) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks a parsed COCO dataset object; returns it typed, or throws with every problem found. */
export function validateGroundTruth(
  doc: unknown,
  options: Pick<ParseGroundTruthOptions, "iouType" | "maxProblems" | "rules" | "lvis"> = {},
): CocoGroundTruth {
  const iouType = options.iouType ?? "segm";
  const asPycocotools = options.rules === "pycocotools";
  if (!isRecord(doc)) {
    throw CocoValidationError.single(
      "not_object",
      `a ground-truth file must be a COCO dataset object {"images": [...], "annotations": [...], "categories": [...]}, but its top level is ${describeValue(doc)}`,
    );
  }
  const problems = new ProblemList(options.maxProblems ?? MAX_LISTED_PROBLEMS);
  for (const key of ["images", "annotations", "categories"] as const) {
    if (!Array.isArray(doc[key]))
      problems.add(key, `"${key}" is ${key in doc ? describeValue(doc[key]) : "missing"}; a COCO dataset needs a list of ${key}`);
  }
  problems.throwIfAny("invalid_ground_truth", "The ground truth is not a COCO dataset");

  const images = new Map<number, CocoImage>();
  (doc.images as unknown[]).forEach((img, i) => {
    const at = `images[${i}]`;
    if (!isRecord(img)) return problems.add(at, `${at} is ${describeValue(img)}, not an object {id, width, height}`);
    if (!isFiniteNumber(img.id))
      return problems.add(`${at}.id`, `${at}.id is ${"id" in img ? describeValue(img.id) : "missing"}; image ids are numbers`);
    if (images.has(img.id)) return problems.add(`${at}.id`, `${at}.id ${img.id} is used by an earlier image too; image ids must be unique`);
    for (const dim of ["width", "height"] as const) {
      if (!Number.isInteger(img[dim]) || (img[dim] as number) <= 0) {
        return problems.add(
          `${at}.${dim}`,
          `${at}.${dim} is ${dim in img ? describeValue(img[dim]) : "missing"}; give the image's ${dim} in pixels (a whole number > 0)`,
        );
      }
    }
    const [w, h] = [img.width as number, img.height as number];
    if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w * h > MAX_IMAGE_PIXELS) {
      return problems.add(
        at,
        `${at} is ${w}x${h} pixels; images may be at most ${MAX_IMAGE_SIDE} pixels per side and ${MAX_IMAGE_PIXELS} pixels in all (masks of larger images overflow 32-bit counts); tile the image`,
      );
    }
    images.set(img.id, img as unknown as CocoImage);
  });

  const categories = new Map<number, CocoCategory>();
  (doc.categories as unknown[]).forEach((cat, i) => {
    const at = `categories[${i}]`;
    if (!isRecord(cat)) return problems.add(at, `${at} is ${describeValue(cat)}, not an object {id, name}`);
    if (!isFiniteNumber(cat.id))
      return problems.add(`${at}.id`, `${at}.id is ${"id" in cat ? describeValue(cat.id) : "missing"}; category ids are numbers`);
    if (categories.has(cat.id))
      return problems.add(`${at}.id`, `${at}.id ${cat.id} is used by an earlier category too; category ids must be unique`);
    if (typeof cat.name !== "string" || cat.name === "")
      return problems.add(`${at}.name`, `${at}.name is ${"name" in cat ? describeValue(cat.name) : "missing"}; give each category a name`);
    categories.set(cat.id, cat as unknown as CocoCategory);
  });

  const annotationIds = new Set<number>();
  (doc.annotations as unknown[]).forEach((ann, i) => {
    const at = `annotations[${i}]`;
    if (!isRecord(ann)) return problems.add(at, `${at} is ${describeValue(ann)}, not an object`);
    const missing = (field: string) => (field in ann ? describeValue(ann[field]) : "missing");
    if (!isFiniteNumber(ann.id)) return problems.add(`${at}.id`, `${at}.id is ${missing("id")}; annotation ids are numbers`);
    if (annotationIds.has(ann.id))
      return problems.add(`${at}.id`, `${at}.id ${ann.id} is used by an earlier annotation too; annotation ids must be unique`);
    annotationIds.add(ann.id);
    const image = isFiniteNumber(ann.image_id) ? images.get(ann.image_id) : undefined;
    if (!image)
      return problems.add(
        `${at}.image_id`,
        `${at}.image_id ${isFiniteNumber(ann.image_id) ? `${ann.image_id} is not in "images"` : `is ${missing("image_id")}`}; every annotation must point at a listed image`,
      );
    if (!isFiniteNumber(ann.category_id) || !categories.has(ann.category_id)) {
      return problems.add(
        `${at}.category_id`,
        `${at}.category_id ${isFiniteNumber(ann.category_id) ? `${ann.category_id} is not in "categories"` : `is ${missing("category_id")}`}; every annotation must point at a listed category`,
      );
    }
    if (!isFiniteNumber(ann.area))
      return problems.add(
        `${at}.area`,
        `${at}.area is ${missing("area")}; COCO needs each annotation's area (it decides small/medium/large)`,
      );
    if (ann.area < 0) return problems.add(`${at}.area`, `${at}.area is ${ann.area}; areas cannot be negative`);
    if ("iscrowd" in ann && ![0, 1, true, false].includes(ann.iscrowd as number))
      return problems.add(`${at}.iscrowd`, `${at}.iscrowd is ${describeValue(ann.iscrowd)}; use 0 or 1`);
    if (usesMasks(iouType) || ann.segmentation !== undefined) {
      if (ann.segmentation === undefined)
        return problems.add(
          `${at}.segmentation`,
          `${at} has no segmentation; this ground truth is scored on masks, so every annotation needs polygons or an RLE`,
        );
      const problem = segmentationProblem(ann.segmentation, image.height, image.width, image.id, true, asPycocotools);
      if (problem) problems.add(`${at}.${problem[0]}`, `${at}.${problem[0]} ${problem[1]}`);
    }
    if (iouType === "bbox" || ann.bbox !== undefined) {
      const bb = ann.bbox;
      if (!Array.isArray(bb) || bb.length !== 4 || !bb.every(isFiniteNumber)) {
        return problems.add(
          `${at}.bbox`,
          `${at}.bbox is ${bb === undefined ? "missing" : Array.isArray(bb) ? describeList(bb) : describeValue(bb)}; give [x, y, width, height]`,
        );
      }
      if (bb[2] < 0 || bb[3] < 0) problems.add(`${at}.bbox`, `${at}.bbox is ${describeList(bb)}; width and height cannot be negative`);
    }
  });

  if (options.lvis) addLvisFormatProblems(doc as { images: unknown[]; categories: unknown[] }, problems);
  problems.throwIfAny("invalid_ground_truth", `The ground truth has ${problems.total} problem(s)`);
  return doc as unknown as CocoGroundTruth;
}
