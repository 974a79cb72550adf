import "server-only";
import type { CocoGroundTruth, CocoResult, IouType } from "@/lib/eval";
import { open } from "node:fs/promises";
import { detectFormat, formatBytes, readSourceChunks, type ReadSourceOptions } from "./compressed-source";
import { describeList, describeValue, formatIdSet, isFiniteNumber } from "./describe-value";
import { CocoValidationError, MAX_LISTED_PROBLEMS, ProblemList } from "./errors";
import { parseJsonArrayStream, type ScanLimits } from "./json-array-stream";
import { MAX_POLYGON_BOUNDARY_POINTS, polygonBoundarySteps } from "@/lib/eval/mask";
import { segmentationProblem } from "./segmentation-check";
import type { ByteDetection } from "./detection-bytes";

/** What the checks need of the ground truth: its images (ids, sizes) and categories. */
export type GroundTruthListing = Pick<CocoGroundTruth, "images" | "categories">;

export type ParseResultsOptions = ReadSourceOptions & {
  /**
   * The challenge's ground truth: image ids, image sizes and categories are checked against it.
   * May be a promise (a ground truth still being read): the file is parsed meanwhile and its
   * detections checked once it resolves; if it rejects, that error is thrown.
   */
  gt?: GroundTruthListing | Promise<GroundTruthListing>;
  iouType?: IouType;
  /** false (useCats = 0) accepts any category_id. */
  useCats?: boolean;
  maxProblems?: number;
  /** How messages name the ground truth's images, e.g. 'the images of phase "Development"' (default "the test set"). */
  imageSetName?: string;
  /**
   * Decode every compressed RLE to check its runs cover the image (default true). Callers that
   * evaluate right away may pass false: the evaluator decodes each mask anyway and rejects bad
   * runs with the detection's index, so checking here would decode ~500k masks twice.
   */
  checkRunLengths?: boolean;
  /**
   * Whose rules the file is read by (default "challenge"). "pycocotools" is COCO.loadRes as the eval
   * CLI reproduces it: a box-only result of a segm evaluation is scored as the box's polygon (loadRes
   * draws it), a result whose category is not in the ground truth is kept and counted in `tally`
   * (COCOeval never evaluates it), and polygon parts shorter than 3 points or of odd length and RLEs
   * whose size is not the image's are left to the evaluator, which rasterizes and scores them as
   * pycocotools does. "challenge" refuses all of these: a box is not a mask, an unknown category is
   * usually a 0- vs 1-based id mistake, a bad polygon or RLE size a bug in the exporter.
   */
  rules?: ResultsRules;
  /** Filled while reading: what the rules let through but the user should hear about. */
  tally?: ResultsTally;
  /** Longest string/number and element (lib/coco/json-array-stream.ts); default: no limit. */
  scanLimits?: Omit<ScanLimits, "partial">;
  /**
   * The file's polygon work budget (see PolygonWorkBudget); default POLYGON_WORK_BUDGET under the
   * "challenge" rules, none under "pycocotools" (which rasterizes any polygon it can, as pycocotools does).
   */
  polygonWorkBudget?: PolygonWorkBudget | null;
};

/**
 * What rasterising a file's polygons may cost, counted from their vertices before anything is rasterised
 * (polygonBoundarySteps: the rasteriser walks every 1/5-pixel step of every edge, wherever the edge lies,
 * so one polygon reaching far outside its image costs millions of steps for nothing). The file may walk
 * `floorSteps` plus `stepsPerImageSide` per pixel of height + width of each polygon detection's image:
 * with the default 20, detections' outlines average up to twice their image's perimeter. Refused with
 * code "work_budget" at the polygon that goes over.
 */
export type PolygonWorkBudget = { floorSteps: number; stepsPerImageSide: number };

export const POLYGON_WORK_BUDGET: PolygonWorkBudget = { floorSteps: MAX_POLYGON_BOUNDARY_POINTS, stepsPerImageSide: 20 };

/** The polygon work counted so far in a file against its budget (null: not counted). */
export type PolygonWork = { budget: PolygonWorkBudget; steps: number; allowed: number; polygons: number };

function polygonWorkFor(options: ParseResultsOptions): PolygonWork | null {
  const budget =
    options.polygonWorkBudget !== undefined
      ? options.polygonWorkBudget
      : (options.rules ?? "challenge") === "challenge"
        ? POLYGON_WORK_BUDGET
        : null;
  return budget ? { budget, steps: 0, allowed: budget.floorSteps, polygons: 0 } : null;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Adds detection i's polygons to the file's work and refuses the file (CocoValidationError work_budget,
 * at once: nothing is rasterised) when they go over its budget.
 */
function countPolygonWork(work: PolygonWork, polys: readonly unknown[], i: number, image: { height: number; width: number }): void {
  work.allowed += work.budget.stepsPerImageSide * (image.height + image.width);
  for (let j = 0; j < polys.length; j++) {
    const poly = polys[j] as number[];
    const steps = polygonBoundarySteps(poly);
    if (!Number.isFinite(steps)) continue; // a vertex beyond ±4e8: the rasteriser refuses it before any work
    work.steps += steps;
    work.polygons++;
    if (work.steps <= work.allowed) continue;
    let far = 0;
    for (let v = 0; v + 1 < poly.length; v += 2) {
      const out = Math.max(-poly[v], poly[v] - image.width, -poly[v + 1], poly[v + 1] - image.height);
      if (out > far) far = out;
    }
    const path = `${at(i)}.segmentation[${j}]`;
    throw new CocoValidationError(
      "work_budget",
      [
        {
          path,
          message:
            `${path}: the file's polygons would take ${count(work.steps)} rasterisation steps (1/5 pixel of outline each) up to this one, over the file's work budget of ${count(work.allowed)} ` +
            `(${count(work.budget.floorSteps)} plus ${work.budget.stepsPerImageSide} per pixel of height + width of each detection's ${image.width}x${image.height}-pixel image); ` +
            `this polygon alone has ${count(steps)} steps` +
            (far > 0 ? ` and reaches ${count(Math.ceil(far))} pixels outside its image` : "") +
            ". Clip polygons to the image (0 <= x <= width, 0 <= y <= height) and simplify long outlines, or upload masks as RLE.",
        },
      ],
      1,
    );
  }
}

/** What validateResultsFile read: all of the file, or only its first `budgetBytes` of JSON. */
export type ValidatedResults = { detections: number; images: number; complete: boolean };

export type ResultsRules = "challenge" | "pycocotools";

/**
 * What the reader let through but the user should hear about: detections kept but never evaluated
 * (category not in the ground truth); masks whose interior zero-length runs were merged (counted by
 * the column reader, which measures every mask; lib/eval counts them when it decodes instead).
 */
export type ResultsTally = { unknownCategories: number; unknownCategoryIds: Set<number>; zeroRunMasks: number };

export function newResultsTally(): ResultsTally {
  return { unknownCategories: 0, unknownCategoryIds: new Set(), zeroRunMasks: 0 };
}

type GroundTruthIndex = {
  images: Map<number, { height: number; width: number }>;
  categories: Set<number>;
  validCategories: string;
};

const indexCache = new WeakMap<GroundTruthListing, GroundTruthIndex>();

function indexGroundTruth(gt: GroundTruthListing): GroundTruthIndex {
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
 * The pre-queue check a web server runs on an upload: every check of parseResultsFile, streaming,
 * without keeping the detections. With `budgetBytes`, only that much JSON is read (bounded work
 * whatever the file): the detections complete within it are checked, and `complete` says whether
 * that was the whole file. Returns how many detections and images it checked.
 */
export async function validateResultsFile(
  path: string,
  gt: CocoGroundTruth,
  options: Omit<ParseResultsOptions, "gt"> & { budgetBytes?: number } = {},
): Promise<ValidatedResults> {
  const images = new Set<number>();
  const budget = { bytes: options.budgetBytes ?? Infinity, reached: false };
  const detections = await scanResults(path, { ...options, gt }, (r) => images.add(r.image_id), budget);
  if (budget.reached) await checkPlainJsonEnd(path, budget.bytes);
  return { detections, images: images.size, complete: !budget.reached };
}

/**
 * A plain .json file must end with the ']' closing its array: checked from its last bytes, so a
 * truncated upload larger than the part read is refused before queueing too.
 */
async function checkPlainJsonEnd(path: string, checkedBytes: number): Promise<void> {
  if ((await detectFormat(path)) !== "json") return;
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size <= checkedBytes) return; // read in full: the scanner says what is wrong, and where
    const tail = Buffer.alloc(Math.min(size, 4096));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const end = tail.toString("latin1").trimEnd();
    if (size > 0 && !end.endsWith("]"))
      throw CocoValidationError.single(
        "not_json",
        `the file ends with ${JSON.stringify(end.slice(-20))} instead of the ']' closing its array (truncated upload?); upload the complete file`,
      );
  } finally {
    await handle.close();
  }
}

/** The first `budget.bytes` of `chunks`; sets `budget.reached` if there was more. */
async function* firstBytes(chunks: AsyncGenerator<Buffer>, budget: { bytes: number; reached: boolean }): AsyncGenerator<Buffer> {
  let left = budget.bytes;
  for await (const chunk of chunks) {
    if (chunk.length > left) {
      budget.reached = true;
      if (left > 0) yield chunk.subarray(0, left);
      await chunks.return(undefined); // closes the file and the inflater
      return;
    }
    left -= chunk.length;
    yield chunk;
  }
}

/** What checkDetection reads and updates; one per file. */
export type ScanState = {
  index: GroundTruthIndex | null;
  /** The polygon work budget being spent (null: not counted). */
  polygonWork: PolygonWork | null;
  problems: ProblemList;
  iouType: IouType;
  useCats: boolean;
  checkRunLengths: boolean;
  rules: ResultsRules;
  tally: ResultsTally;
  firstHasBbox: boolean;
  imageSetName: string;
};

// Error paths are built only when a problem is found: the checks run for every one of ~500k
// detections, and a closure or string per detection is a measurable share of the parse time.
function at(i: number): string {
  return `results[${i}]`;
}

function fieldState(d: Record<string, unknown>, name: string): string {
  return name in d ? `is ${describeValue(d[name])}` : "is missing";
}

/** Checks detection i; returns it as loadRes takes it, or null after reporting its problems. */
export function checkDetection(det: unknown, i: number, state: ScanState): CocoResult | null {
  const { index, problems, iouType } = state;
  if (typeof det !== "object" || det === null || Array.isArray(det)) {
    problems.add(at(i), `${at(i)} is ${describeValue(det)}, not a detection object {"image_id", "category_id", "segmentation", "score"}`);
    return null;
  }
  const d = det as Record<string, unknown>;
  let ok = true;

  const imageId = d.image_id;
  let image: { height: number; width: number } | undefined;
  if (!isFiniteNumber(imageId)) {
    const hint =
      typeof imageId === "string" && /^\d+$/.test(imageId)
        ? `; write the number ${imageId} without quotes`
        : "; give the id of a test image";
    problems.add(`${at(i)}.image_id`, `${at(i)}.image_id ${fieldState(d, "image_id")}${hint}`);
    ok = false;
  } else if (index && !(image = index.images.get(imageId))) {
    problems.add(`${at(i)}.image_id`, `${at(i)}.image_id ${imageId} is not in ${state.imageSetName}; detect only on those images`);
    ok = false;
  }

  const categoryId = d.category_id;
  if (!isFiniteNumber(categoryId)) {
    problems.add(`${at(i)}.category_id`, `${at(i)}.category_id ${fieldState(d, "category_id")}; give the numeric id of a category`);
    ok = false;
  } else if (index && !index.categories.has(categoryId)) {
    if (state.useCats && state.rules === "challenge") {
      problems.add(
        `${at(i)}.category_id`,
        `${at(i)}.category_id ${categoryId} is not a category of this challenge (valid: ${index.validCategories})`,
      );
      ok = false;
    } else {
      // COCOeval evaluates only the ground truth's categories (p.catIds), with or without useCats.
      state.tally.unknownCategories++;
      state.tally.unknownCategoryIds.add(categoryId);
    }
  }

  if (!isFiniteNumber(d.score)) {
    problems.add(`${at(i)}.score`, `${at(i)}.score ${fieldState(d, "score")}; every detection needs a confidence score (a finite number)`);
    ok = false;
  }

  const bbox = d.bbox;
  const hasBbox = Array.isArray(bbox) && bbox.length > 0; // loadRes treats "bbox": [] as absent
  if (i === 0) state.firstHasBbox = hasBbox;
  if (hasBbox) {
    if (bbox.length !== 4 || !bbox.every(isFiniteNumber)) {
      problems.add(`${at(i)}.bbox`, `${at(i)}.bbox is ${describeList(bbox)}; give [x, y, width, height] as 4 numbers`);
      ok = false;
    } else if (bbox[2] < 0 || bbox[3] < 0) {
      problems.add(`${at(i)}.bbox`, `${at(i)}.bbox is ${describeList(bbox)}; width and height cannot be negative`);
      ok = false;
    }
  } else if (bbox !== undefined && !Array.isArray(bbox)) {
    problems.add(`${at(i)}.bbox`, `${at(i)}.bbox is ${describeValue(bbox)}; give [x, y, width, height]`);
    ok = false;
  } else if (state.firstHasBbox) {
    problems.add(
      `${at(i)}.bbox`,
      `${at(i)} has no bbox but results[0] has one; give every detection a bbox, or none (COCO decides from the first detection)`,
    );
    ok = false;
  } else if (iouType === "bbox" && d.segmentation === undefined) {
    problems.add(
      `${at(i)}.bbox`,
      `this challenge is scored on boxes; ${at(i)} has no bbox [x, y, width, height] and no segmentation to take one from`,
    );
    ok = false;
  }

  // loadRes' segm branch (results[0] has no bbox) takes every detection's area from its mask, and
  // its box too when it has none (toBbox): then boxes are scored from masks, as COCO's server does.
  const segmBranch = !state.firstHasBbox;
  if (iouType !== "bbox" || segmBranch) {
    const seg = d.segmentation;
    if (seg === undefined) {
      if (iouType !== "bbox") {
        if (state.rules === "pycocotools" && Array.isArray(bbox)) return ok ? (d as unknown as CocoResult) : null;
        problems.add(
          `${at(i)}.segmentation`,
          `this challenge is scored on masks; ${at(i)} has no segmentation (give an RLE {"size": [height, width], "counts": "..."} or polygons; boxes alone cannot be scored)`,
        );
        ok = false;
      } else if (hasBbox) {
        problems.add(
          `${at(i)}.segmentation`,
          `${at(i)} has a bbox and no segmentation, but results[0] has a segmentation and no bbox; give every detection a bbox, or every one a segmentation (COCO decides from the first detection)`,
        );
        ok = false;
      } // neither: reported with the bbox above
    } else if (image) {
      const problem = segmentationProblem(
        seg,
        image.height,
        image.width,
        imageId as number,
        state.checkRunLengths,
        state.rules === "pycocotools",
      );
      if (problem) {
        problems.add(`${at(i)}.${problem[0]}`, `${at(i)}.${problem[0]} ${problem[1]}`);
        ok = false;
      } else if (state.polygonWork && Array.isArray(seg)) countPolygonWork(state.polygonWork, seg, i, image);
    }
  }
  // The parsed object itself, extra fields and all (loadRes ignores them): copying 500k
  // detections would cost more than it saves.
  return ok ? (d as unknown as CocoResult) : null;
}

/**
 * Whether checkDetection would accept detection i as it was read from its bytes (ByteDetection: ids,
 * score, an optional 4-number box, a compressed RLE whose counts decode to its size, `countsValid`).
 * True only when checkDetection surely accepts it and adds no problem; false sends it to
 * checkDetection (lib/coco/result-columns.ts). Keep in step with checkDetection.
 */
export function acceptsReadDetection(d: ByteDetection, countsValid: boolean, i: number, state: ScanState): boolean {
  const image = state.index?.images.get(d.imageId);
  if (!image || !Number.isFinite(d.categoryId) || !Number.isFinite(d.score)) return false;
  if (!state.index!.categories.has(d.categoryId)) return false; // refused or counted there
  const hasBbox = d.bboxLength === 4;
  if (d.bboxLength > 0 && !hasBbox) return false;
  if (hasBbox) {
    const b = d.bbox;
    if (!Number.isFinite(b[0]) || !Number.isFinite(b[1]) || !Number.isFinite(b[2]) || !Number.isFinite(b[3]) || b[2] < 0 || b[3] < 0)
      return false;
  } else if (i > 0 && state.firstHasBbox) return false;
  const segmBranch = i === 0 ? !hasBbox : !state.firstHasBbox;
  if (
    (state.iouType !== "bbox" || segmBranch) &&
    (!d.hasSegmentation || d.height !== image.height || d.width !== image.width || !countsValid)
  )
    return false;
  if (i === 0) state.firstHasBbox = hasBbox;
  return true;
}

/** A fresh ScanState for `options` (gt, if given, must be resolved). */
export function newScanState(options: ParseResultsOptions): ScanState {
  const gt = options.gt;
  if (gt instanceof Promise) throw new Error("newScanState needs a resolved ground truth listing");
  return {
    index: gt ? indexGroundTruth(gt) : null,
    polygonWork: polygonWorkFor(options),
    problems: new ProblemList(options.maxProblems ?? 20),
    iouType: options.iouType ?? "segm",
    useCats: options.useCats ?? true,
    checkRunLengths: options.checkRunLengths ?? true,
    rules: options.rules ?? "challenge",
    tally: options.tally ?? newResultsTally(),
    firstHasBbox: false,
    imageSetName: options.imageSetName ?? "the test set",
  };
}

async function scanResults(
  path: string,
  options: ParseResultsOptions,
  onResult: (r: CocoResult) => void,
  budget: { bytes: number; reached: boolean } = { bytes: Infinity, reached: false },
): Promise<number> {
  const state: ScanState = {
    index: null,
    polygonWork: polygonWorkFor(options),
    problems: new ProblemList(options.maxProblems ?? MAX_LISTED_PROBLEMS),
    iouType: options.iouType ?? "segm",
    useCats: options.useCats ?? true,
    checkRunLengths: options.checkRunLengths ?? true,
    rules: options.rules ?? "challenge",
    tally: options.tally ?? newResultsTally(),
    firstHasBbox: false,
    imageSetName: options.imageSetName ?? "the test set",
  };
  const { problems } = state;
  let i = 0;
  const checkBatch = (batch: unknown[]) => {
    for (let k = 0; k < batch.length; k++, i++) {
      const result = checkDetection(batch[k], i, state);
      if (result && problems.total === 0) onResult(result);
    }
  };

  // A ground truth still being read: batches wait (in order) until its listing is here.
  const gt = options.gt;
  let gtReady = !(gt instanceof Promise);
  let gtFailure: { error: unknown } | null = null;
  if (gt instanceof Promise) {
    gt.then(
      (listing) => ((state.index = indexGroundTruth(listing)), (gtReady = true)),
      (error) => (gtFailure = { error }),
    );
  } else if (gt) state.index = indexGroundTruth(gt);
  const waiting: unknown[][] = [];
  const drain = () => {
    for (const batch of waiting) checkBatch(batch);
    waiting.length = 0;
  };

  try {
    const chunks = readSourceChunks(path, options);
    const limits: ScanLimits = { ...options.scanLimits, partial: budget.bytes < Infinity };
    for await (const batch of parseJsonArrayStream(budget.bytes < Infinity ? firstBytes(chunks, budget) : chunks, limits)) {
      if (gtFailure) throw (gtFailure as { error: unknown }).error;
      if (!gtReady) {
        waiting.push(batch);
        continue;
      }
      if (waiting.length > 0) drain();
      checkBatch(batch);
    }
  } catch (e) {
    await gt; // a broken ground truth is reported first, as if it had been read before the results
    throw e;
  }
  await gt;
  drain();
  if (i === 0 && !budget.reached)
    throw CocoValidationError.single("empty", "the results file is an empty array []; it must hold at least one detection");
  problems.throwIfAny(
    "invalid_results",
    budget.reached
      ? `The first ${formatBytes(budget.bytes)} of the results file have ${problems.total} problem(s) (the rest was not read)`
      : `The results file has ${problems.total} problem(s)`,
  );
  return i;
}
