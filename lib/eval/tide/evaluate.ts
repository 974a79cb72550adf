// TIDE error analysis (Bolya et al., "TIDE: A General Toolbox for Identifying Object Detection
// Errors", ECCV 2020), as tidecv 1.0.1 computes it with its defaults: TIDE(), datasets.COCO(gt),
// datasets.COCOResult(dt), evaluate(mode), get_all_errors(), evaluate_range() for the AP per threshold.
import { gtMaskRange } from "../gt-masks";
import { loadResults } from "../load-results-bulk";
import { bboxIou, maskIouPrepared, type PreparedRle } from "../mask";
import { InvalidEvalParamsError } from "../errors";
import { stableSortByScoreDescendingWithRanks } from "../stable-sorts";
import { prepareGroundTruth, type PreparedGroundTruth } from "../prepare-ground-truth";
import type { CocoGroundTruth, CocoResult, EvalOptions } from "../types";
import { ClassedPoints } from "./ap";
import { BestGtMatches, MAIN_ERRORS, fixedPoint, originalPoint, type MainError, type TideError } from "./errors";
import { mainErrorGains, specialErrorGains, type RunErrors } from "./fix-errors";
import { IGNORED, USED, classifyDetection, matchTideImage, type TideImage } from "./match-image";

/** TIDE.MASK ("mask": mask IoU; our segm) or TIDE.BOX ("bbox": the results' boxes). */
export type TideMode = "mask" | "bbox";

export interface TideOptions extends Pick<EvalOptions, "parallel"> {
  mode?: TideMode;
  /** IoU for a true positive (TIDE default 0.5). */
  posThreshold?: number;
  /** IoU below which a false positive is background (default 0.1). */
  backgroundThreshold?: number;
  /** Detections kept per image, best first (datasets.COCO: 100). */
  maxDets?: number;
}

export interface TideResult {
  mode: TideMode;
  /** Percent, as TIDE reports: the mean AP at posThreshold (50 by default), and the dAP of each error. */
  ap50: number;
  mainErrors: Record<MainError, number>;
  specialErrors: { FalsePos: number; FalseNeg: number };
  errorCounts: Record<MainError, number>;
  /** AP of every class that enters the mean (a class with detections but no GT counts, as 0). */
  perClassAp50: { categoryId: number; ap: number }[];
  /** evaluate_range: the AP at each of TIDE.COCO_THRESHOLDS and their mean. */
  apByThreshold: { thresholds: number[]; ap: number[]; mean: number };
}

/** TIDE.COCO_THRESHOLDS, as written in tidecv (decimal literals, not linspace values). */
export const TIDE_THRESHOLDS: readonly number[] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/** Images in the ground truth's file order (TIDE iterates its image dict), as prepared indices. */
function imagesInFileOrder(gt: CocoGroundTruth, prepared: PreparedGroundTruth): number[] {
  const seen = new Set<number>();
  const order: number[] = [];
  for (const image of gt.images) {
    const i = prepared.imageIndexById.get(image.id);
    if (i !== undefined && !seen.has(i)) {
      seen.add(i);
      order.push(i);
    }
  }
  return order;
}

/** The image's GT in annotation file order: regular GT and crowd regions (TIDE's ignore regions). */
function imageGt(prepared: PreparedGroundTruth, i: number): { regular: Int32Array; crowd: Int32Array } {
  const all: number[] = [];
  for (let j = prepared.imageGtStart[i]; j < prepared.imageGtStart[i + 1]; j++) all.push(j);
  all.sort((a, b) => prepared.gtSource[a] - prepared.gtSource[b]);
  return {
    regular: Int32Array.from(all.filter((j) => !prepared.gtCrowd[j])),
    crowd: Int32Array.from(all.filter((j) => prepared.gtCrowd[j])),
  };
}

function gtMasks(prepared: PreparedGroundTruth, list: Int32Array): PreparedRle[] {
  return Array.from(list, (j) => gtMaskRange(prepared.gtMasks!, j, j + 1)[0]);
}

function gtBoxes(prepared: PreparedGroundTruth, list: Int32Array): Float64Array {
  const out = new Float64Array(4 * list.length);
  list.forEach((j, n) => out.set(prepared.gtBoxes!.subarray(4 * j, 4 * j + 4), 4 * n));
  return out;
}

/**
 * TIDE on a COCO ground truth (every annotation on a listed image and category, as lib/coco checks;
 * prepared with prepareGroundTruth(gt, "segm") for masks or "bbox" for boxes, or prepared here).
 * Detections on images absent from the ground truth are skipped, as TIDE skips them.
 */
export function evaluateTide(
  gt: CocoGroundTruth,
  results: readonly CocoResult[],
  options: TideOptions = {},
  prepared?: PreparedGroundTruth,
): TideResult {
  const mode = options.mode ?? "mask";
  const pos = options.posThreshold ?? 0.5;
  const bg = options.backgroundThreshold ?? 0.1;
  const maxDets = options.maxDets ?? 100;
  const iouType = mode === "mask" ? "segm" : "bbox";
  const gtPrepared = prepared ?? prepareGroundTruth(gt, iouType);
  if (gtPrepared.iouType !== iouType || gtPrepared.rules !== "cocoeval") {
    throw new InvalidEvalParamsError(`TIDE ${mode} mode needs the ground truth prepared for "${iouType}"`);
  }
  const gtClass = Float64Array.from(gtPrepared.gtCategory, (k) => gtPrepared.categoryIds[k]);

  // The results on images of the ground truth, their ids being their positions in the file.
  const keptIds: number[] = [];
  results.forEach((r, i) => {
    if (gtPrepared.imageIndexById.has(r.image_id)) keptIds.push(i);
  });
  const kept = keptIds.map((i) => results[i]);
  const loaded = loadResults(gtPrepared, kept, undefined, { parallel: options.parallel, useCats: false });
  const byImage: number[][] = Array.from({ length: gtPrepared.imageIds.length }, () => []);
  for (let d = 0; d < loaded.count; d++) byImage[loaded.imageIndex[d]].push(d);

  // Dense descending score ranks of every detection, and of the scores 1 and 0 (FalsePos rescoring).
  const scores = new Float64Array(loaded.count + 2);
  scores.set(loaded.score);
  scores[loaded.count] = 1;
  scores[loaded.count + 1] = 0;
  const { rank } = stableSortByScoreDescendingWithRanks(Int32Array.from(scores.keys()), scores);

  const thresholds = [...new Set([pos, ...TIDE_THRESHOLDS])];
  const runs = thresholds.map(() => new ClassedPoints());
  const main = runs[0];
  const best = new BestGtMatches(gtPrepared.gtCount);
  const errors: TideError[] = [];
  const falseNegatives = new Map<number, number>();
  const missed = (j: number) => {
    falseNegatives.set(gtClass[j], (falseNegatives.get(gtClass[j]) ?? 0) + 1);
    if (!best.usable[j]) errors.push({ kind: "Miss", predId: -1, predClass: gtClass[j], score: 0, rank: -1, ignored: false, gt: j });
  };

  for (const i of imagesInFileOrder(gt, gtPrepared)) {
    const { regular, crowd } = imageGt(gtPrepared, i);
    for (const run of runs) for (const j of regular) run.of(gtClass[j]).numGt++;
    // Best score first (a stable sort: ties in file order), then TIDE's max_dets.
    const dets = Int32Array.from(byImage[i])
      .sort((a, b) => rank[a] - rank[b] || a - b)
      .subarray(0, maxDets);
    if (dets.length === 0) {
      for (const j of regular) missed(j);
      continue;
    }
    const P = dets.length;
    const image: TideImage = {
      predId: new Int32Array(P),
      predClass: new Float64Array(P),
      score: new Float64Array(P),
      gt: regular,
      crowd,
      iou: new Float64Array(0),
      crowdIou: new Float64Array(0),
    };
    for (let p = 0; p < P; p++) {
      image.predId[p] = keptIds[dets[p]];
      image.predClass[p] = kept[dets[p]].category_id;
      image.score[p] = loaded.score[dets[p]];
    }
    if (mode === "mask") {
      const masks = new Array<PreparedRle>(P);
      for (let p = 0; p < P; p++) masks[p] = loaded.masks!.get(dets[p]);
      image.iou = maskIouPrepared(masks, gtMasks(gtPrepared, regular), new Uint8Array(regular.length));
      image.crowdIou = maskIouPrepared(masks, gtMasks(gtPrepared, crowd), new Uint8Array(crowd.length).fill(1));
    } else {
      const boxes = new Float64Array(4 * P);
      for (let p = 0; p < P; p++) boxes.set(loaded.boxes!.subarray(4 * dets[p], 4 * dets[p] + 4), 4 * p);
      image.iou = bboxIou(boxes, gtBoxes(gtPrepared, regular), new Uint8Array(regular.length));
      image.crowdIou = bboxIou(boxes, gtBoxes(gtPrepared, crowd), new Uint8Array(crowd.length).fill(1));
    }
    for (let r = 0; r < thresholds.length; r++) {
      const match = matchTideImage(image, gtClass, thresholds[r]);
      for (let p = 0; p < P; p++) {
        if (match.used[p] !== IGNORED) runs[r].of(image.predClass[p]).push(image.predId[p], rank[dets[p]], match.used[p] === USED);
        if (r === 0 && match.used[p] !== USED)
          errors.push(classifyDetection(image, match, p, rank[dets[p]], gtClass, thresholds[r], bg, best));
      }
      if (r === 0) for (let g = 0; g < regular.length; g++) if (!match.gtUsed[g]) missed(regular[g]);
    }
  }

  const ap = main.meanAp();
  const run: RunErrors = {
    points: main,
    errors,
    original: errors.map(originalPoint),
    fixed: errors.map((e) => fixedPoint(e, best, gtClass)),
    falseNegatives,
    rankOfOne: rank[loaded.count],
    rankOfZero: rank[loaded.count + 1],
  };
  const errorCounts = {} as Record<MainError, number>;
  for (const kind of MAIN_ERRORS) errorCounts[kind] = errors.filter((e) => e.kind === kind).length;
  const rangeAps = TIDE_THRESHOLDS.map((t) => runs[thresholds.indexOf(t)].meanAp());
  return {
    mode,
    ap50: ap,
    mainErrors: mainErrorGains(run, ap),
    specialErrors: specialErrorGains(run, ap),
    errorCounts,
    perClassAp50: [...main.classes]
      .filter(([, points]) => !points.isEmpty())
      .map(([categoryId, points]) => ({ categoryId, ap: points.ap() })),
    apByThreshold: { thresholds: [...TIDE_THRESHOLDS], ap: rangeAps, mean: rangeAps.reduce((s, v) => s + v, 0) / rangeAps.length },
  };
}
