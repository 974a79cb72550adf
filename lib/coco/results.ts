import "server-only";
import type { CocoGroundTruth, CocoResult, IouType } from "@/lib/eval";
import { readSourceChunks, type ReadSourceOptions } from "./compressed-source";
import { describeValue, formatIdSet, isFiniteNumber } from "./describe-value";
import { CocoValidationError, ProblemList } from "./errors";
import { parseJsonArrayStream } from "./json-array-stream";
import { segmentationProblem } from "./segmentation-check";

export type ParseResultsOptions = ReadSourceOptions & {
  /** The challenge's ground truth: image ids, image sizes and categories are checked against it. */
  gt?: CocoGroundTruth;
  iouType?: IouType;
  /** false (useCats = 0) accepts any category_id. */
  useCats?: boolean;
  maxProblems?: number;
  /**
   * Decode every compressed RLE to check its runs cover the image (default true). Callers that
   * evaluate right away may pass false: the evaluator decodes each mask anyway and rejects bad
   * runs with the detection's index, so checking here would decode ~500k masks twice.
   */
  checkRunLengths?: boolean;
};

type GroundTruthIndex = {
  images: Map<number, { height: number; width: number }>;
  categories: Set<number>;
  validCategories: string;
};

const indexCache = new WeakMap<CocoGroundTruth, GroundTruthIndex>();

function indexGroundTruth(gt: CocoGroundTruth): GroundTruthIndex {
  let index = indexCache.get(gt);
  if (!index) {
    const categories = new Set(gt.categories.map((c) => c.id));
    index = {
      images: new Map(gt.images.map((img) => [img.id, { height: img.height, width: img.width }])),
      categories,
      validCategories: formatIdSet(categories),
    };
    indexCache.set(gt, index);
  }
  return index;
}

/**
 * Streams a results file (.json, .json.gz or .zip holding a JSON array of detections, any
 * size), checks every detection the way pycocotools' loadRes would need it (plus the checks it
 * skips and then fails on obscurely) and returns the detections as loadRes takes them.
 * Throws CocoValidationError with the first `maxProblems` problems and the total count.
 */
export async function parseResultsFile(path: string, options: ParseResultsOptions = {}): Promise<CocoResult[]> {
  const results: CocoResult[] = [];
  await scanResults(path, options, (r) => results.push(r));
  return results;
}

/**
 * The cheap pre-queue check a web server runs on an upload: every check of parseResultsFile,
 * streaming, without keeping the detections. Returns how many detections and images it holds.
 */
export async function validateResultsFile(
  path: string,
  gt: CocoGroundTruth,
  options: Omit<ParseResultsOptions, "gt"> = {},
): Promise<{ detections: number; images: number }> {
  const images = new Set<number>();
  const detections = await scanResults(path, { ...options, gt }, (r) => images.add(r.image_id));
  return { detections, images: images.size };
}

async function scanResults(path: string, options: ParseResultsOptions, onResult: (r: CocoResult) => void): Promise<number> {
  const iouType = options.iouType ?? "segm";
  const useCats = options.useCats ?? true;
  const checkRunLengths = options.checkRunLengths ?? true;
  const index = options.gt ? indexGroundTruth(options.gt) : null;
  const problems = new ProblemList(options.maxProblems ?? 20);
  let i = 0;
  let firstHasBbox = false;

  const check = (det: unknown): CocoResult | null => {
    // Built only when a problem is reported: this runs for every one of ~500k detections.
    const where = () => `results[${i}]`;
    if (typeof det !== "object" || det === null || Array.isArray(det)) {
      problems.add(where(), `${where()} is ${describeValue(det)}, not a detection object {"image_id", "category_id", "segmentation", "score"}`);
      return null;
    }
    const d = det as Record<string, unknown>;
    const field = (name: string) => (name in d ? `is ${describeValue(d[name])}` : "is missing");
    let ok = true;

    const imageId = d.image_id;
    let image: { height: number; width: number } | undefined;
    if (!isFiniteNumber(imageId)) {
      const hint = typeof imageId === "string" && /^\d+$/.test(imageId) ? `; write the number ${imageId} without quotes` : "; give the id of a test image";
      problems.add(`${where()}.image_id`, `${where()}.image_id ${field("image_id")}${hint}`);
      ok = false;
    } else if (index && !(image = index.images.get(imageId))) {
      problems.add(`${where()}.image_id`, `${where()}.image_id ${imageId} is not in the test set; detect only on the challenge's test images`);
      ok = false;
    }

    const categoryId = d.category_id;
    if (!isFiniteNumber(categoryId)) {
      problems.add(`${where()}.category_id`, `${where()}.category_id ${field("category_id")}; give the numeric id of a category`);
      ok = false;
    } else if (index && useCats && !index.categories.has(categoryId)) {
      problems.add(`${where()}.category_id`, `${where()}.category_id ${categoryId} is not a category of this challenge (valid: ${index.validCategories})`);
      ok = false;
    }

    const score = d.score;
    if (!isFiniteNumber(score)) {
      problems.add(`${where()}.score`, `${where()}.score ${field("score")}; every detection needs a confidence score (a finite number)`);
      ok = false;
    }

    const bbox = d.bbox;
    const hasBbox = Array.isArray(bbox) && bbox.length > 0; // loadRes treats "bbox": [] as absent
    if (i === 0) firstHasBbox = hasBbox;
    if (hasBbox) {
      if (bbox.length !== 4 || !bbox.every(isFiniteNumber)) {
        problems.add(`${where()}.bbox`, `${where()}.bbox is ${JSON.stringify(bbox).slice(0, 80)}; give [x, y, width, height] as 4 numbers`);
        ok = false;
      } else if (bbox[2] < 0 || bbox[3] < 0) {
        problems.add(`${where()}.bbox`, `${where()}.bbox is ${JSON.stringify(bbox)}; width and height cannot be negative`);
        ok = false;
      }
    } else if (bbox !== undefined && !Array.isArray(bbox)) {
      problems.add(`${where()}.bbox`, `${where()}.bbox is ${describeValue(bbox)}; give [x, y, width, height]`);
      ok = false;
    } else if (firstHasBbox) {
      problems.add(`${where()}.bbox`, `${where()} has no bbox but results[0] has one; give every detection a bbox, or none (COCO decides from the first detection)`);
      ok = false;
    } else if (iouType === "bbox") {
      problems.add(`${where()}.bbox`, `this challenge is scored on boxes; ${where()} has no bbox [x, y, width, height]`);
      ok = false;
    }

    const seg = d.segmentation;
    if (iouType === "segm") {
      if (seg === undefined) {
        problems.add(`${where()}.segmentation`, `this challenge is scored on masks; ${where()} has no segmentation (give an RLE {"size": [height, width], "counts": "..."} or polygons; boxes alone cannot be scored)`);
        ok = false;
      } else if (image) {
        const problem = segmentationProblem(seg, image.height, image.width, imageId as number, checkRunLengths);
        if (problem) {
          problems.add(`${where()}.${problem[0]}`, `${where()}.${problem[0]} ${problem[1]}`);
          ok = false;
        }
      }
    }
    // The parsed object itself, extra fields and all (loadRes ignores them): copying 500k
    // detections would cost more than it saves.
    return ok ? (d as unknown as CocoResult) : null;
  };

  for await (const batch of parseJsonArrayStream(readSourceChunks(path, options))) {
    for (const det of batch) {
      const result = check(det);
      if (result && problems.total === 0) onResult(result);
      i++;
    }
  }
  if (i === 0) throw CocoValidationError.single("empty", "the results file is an empty array []; it must hold at least one detection");
  problems.throwIfAny("invalid_results", `The results file has ${problems.total} problem(s)`);
  return i;
}
