import { InvalidEvalParamsError } from "./errors";
import type { AreaRange, EvalParams, IouType } from "./types";

/**
 * numpy.linspace(start, stop, num) bit for bit: i * step + start with step = (stop - start) / (num - 1),
 * and the last value set to `stop` exactly. This is why COCO's thresholds contain 0.8999999999999999.
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num <= 0) return [];
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const values = new Array<number>(num);
  for (let i = 0; i < num; i++) values[i] = step === 0 ? (i / (num - 1)) * (stop - start) + start : i * step + start;
  values[num - 1] = stop;
  return values;
}

/** COCO's IoU thresholds .50:.05:.95, as pycocotools builds them. */
export const COCO_IOU_THRESHOLDS: readonly number[] = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);

export const COCO_AREA_RANGES: readonly AreaRange[] = [
  { name: "all", range: [0, 1e5 ** 2] },
  { name: "small", range: [0, 32 ** 2] },
  { name: "medium", range: [32 ** 2, 96 ** 2] },
  { name: "large", range: [96 ** 2, 1e5 ** 2] },
];

/** Boundary IoU's d = dilationRatio * image diagonal: 0.02, as boundary-iou-api and LVIS 2021. */
export const DEFAULT_DILATION_RATIO = 0.02;

export function defaultParams(iouType: IouType = "segm"): EvalParams {
  return {
    iouType,
    iouThresholds: [...COCO_IOU_THRESHOLDS],
    recallPoints: 101,
    maxDets: [1, 10, 100],
    areaRanges: COCO_AREA_RANGES.map((a) => ({ name: a.name, range: [a.range[0], a.range[1]] })),
    useCats: true,
    classAveraging: "macro",
  };
}

/** The recall thresholds np.linspace(0, 1, recallPoints). */
export function recallThresholds(recallPoints: number): number[] {
  return linspace(0, 1, recallPoints);
}

export { InvalidEvalParamsError } from "./errors";

/**
 * Checks the protocol and returns it as pycocotools runs it: maxDets sorted ascending (COCOeval.evaluate
 * sorts them). Throws InvalidEvalParamsError saying which field is wrong and how to fix it.
 */
export function normalizeParams(params: EvalParams): EvalParams {
  const fail = (message: string): never => {
    throw new InvalidEvalParamsError(message);
  };
  if (params.iouType !== "segm" && params.iouType !== "bbox" && params.iouType !== "boundary")
    fail(`iouType must be "segm", "bbox" or "boundary", got ${JSON.stringify(params.iouType)}`);
  const ratio = params.dilationRatio;
  if (ratio !== undefined && (typeof ratio !== "number" || !(ratio > 0 && ratio <= 1)))
    fail(`dilationRatio must be a number in (0, 1] (the boundary width as a fraction of the image diagonal), got ${JSON.stringify(ratio)}`);
  if (!Array.isArray(params.iouThresholds) || params.iouThresholds.length === 0)
    fail("iouThresholds must be a non-empty list of numbers in (0, 1]");
  params.iouThresholds.forEach((t, i) => {
    if (typeof t !== "number" || !(t > 0 && t <= 1)) fail(`iouThresholds[${i}]: ${t} is not in (0, 1]`);
  });
  if (!Number.isInteger(params.recallPoints) || params.recallPoints < 2)
    fail(`recallPoints must be an integer >= 2, got ${params.recallPoints}`);
  if (!Array.isArray(params.maxDets) || params.maxDets.length === 0)
    fail("maxDets must be a non-empty list of positive integers, e.g. [1, 10, 100]");
  params.maxDets.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1) fail(`maxDets[${i}]: ${m} is not a positive integer`);
  });
  if (!Array.isArray(params.areaRanges) || params.areaRanges.length === 0)
    fail('areaRanges must be a non-empty list, e.g. [{ name: "all", range: [0, 1e10] }]');
  const names = new Set<string>();
  params.areaRanges.forEach((a, i) => {
    if (!a || typeof a.name !== "string" || a.name === "") fail(`areaRanges[${i}].name must be a non-empty string`);
    if (names.has(a.name)) fail(`areaRanges[${i}].name "${a.name}" is used twice; names must be unique`);
    names.add(a.name);
    const r = a.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number" && !Number.isNaN(v)) || r[0] > r[1]) {
      fail(`areaRanges[${i}].range must be [min, max] with min <= max, got ${JSON.stringify(r)}`);
    }
  });
  if (typeof params.useCats !== "boolean") fail(`useCats must be true or false, got ${JSON.stringify(params.useCats)}`);
  if (params.classAveraging !== "macro" && params.classAveraging !== "micro")
    fail(`classAveraging must be "macro" or "micro", got ${JSON.stringify(params.classAveraging)}`);
  return {
    ...params,
    iouThresholds: [...params.iouThresholds],
    maxDets: [...params.maxDets].sort((a, b) => a - b),
    areaRanges: params.areaRanges.map((a) => ({ name: a.name, range: [a.range[0], a.range[1]] })),
  };
}
