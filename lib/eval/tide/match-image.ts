// One image of a TIDE run (tidecv quantify.py TIDEExample and TIDERun._eval_image): greedy matching
// across classes, crowd ignore regions, and the error of every detection that is not a true positive.
import type { BestGtMatches, TideError } from "./errors";

/** The detections of one image, best score first, and its GT (regular ones, then crowd regions), in file order. */
export interface TideImage {
  /** Detection ids (positions in the results file), classes and scores, in matching order. */
  predId: Int32Array;
  predClass: Float64Array;
  score: Float64Array;
  /** Regular GT: indices into the run's GT table, file order. */
  gt: Int32Array;
  /** Crowd regions (TIDE's ignore regions): GT table indices, file order. */
  crowd: Int32Array;
  /** IoU of detection p with regular GT g at p * G + g (all classes); crowd IoU (intersection / detection area) at p * C + c. */
  iou: Float64Array;
  crowdIou: Float64Array;
}

/** A detection's fate: a true positive, a false positive, or taken out of the AP data by a crowd region. */
export const USED = 1;
export const UNUSED = 0;
export const IGNORED = -1;

export interface ImageMatch {
  used: Int8Array;
  /** Per regular GT (by position in TideImage.gt): matched, and by which detection id. */
  gtUsed: Uint8Array;
  gtMatchedWith: Int32Array;
}

/**
 * Each detection in score order takes the GT of its own class with the highest IoU not yet taken
 * (np.argmax: the first of equal IoUs) if that IoU is >= pos. Then a detection not taken whose crowd
 * IoU with a crowd region of its class is > pos is ignored.
 */
export function matchTideImage(image: TideImage, gtClass: ArrayLike<number>, pos: number): ImageMatch {
  const P = image.predId.length,
    G = image.gt.length,
    C = image.crowd.length;
  const used = new Int8Array(P);
  const gtUsed = new Uint8Array(G);
  const gtMatchedWith = new Int32Array(G).fill(-1);
  const { iou, gt, predClass } = image;
  if (G > 0) {
    for (let p = 0; p < P; p++) {
      // iou_buffer: same-class IoU, 0 for other classes and for taken GT.
      let best = 0,
        value = gtUsed[0] || gtClass[gt[0]] !== predClass[p] ? 0 : iou[p * G];
      for (let g = 1; g < G; g++) {
        const v = gtUsed[g] || gtClass[gt[g]] !== predClass[p] ? 0 : iou[p * G + g];
        if (v > value) {
          value = v;
          best = g;
        }
      }
      if (value >= pos) {
        used[p] = USED;
        gtUsed[best] = 1;
        gtMatchedWith[best] = image.predId[p];
      }
    }
  }
  for (let c = 0; c < C; c++) {
    const regionClass = gtClass[image.crowd[c]];
    for (let p = 0; p < P; p++) {
      if (used[p] !== USED && image.crowdIou[p * C + c] > pos && regionClass === predClass[p]) used[p] = IGNORED;
    }
  }
  return { used, gtUsed, gtMatchedWith };
}

/** The largest of a row's IoUs where `include` holds (0 elsewhere), and its first index (np.argmax). */
const SAME_CLASS = 0,
  OTHER_CLASS = 1,
  MATCHED_SAME_CLASS = 2,
  ANY = 3;
const best = { index: 0, value: 0 };
function rowMax(image: TideImage, match: ImageMatch, gtClass: ArrayLike<number>, p: number, include: number): void {
  const G = image.gt.length,
    cls = image.predClass[p];
  best.index = 0;
  best.value = 0;
  for (let g = 0; g < G; g++) {
    const same = gtClass[image.gt[g]] === cls;
    const keep = include === ANY || (include === SAME_CLASS ? same : include === OTHER_CLASS ? !same : same && match.gtUsed[g] === 1);
    const v = keep ? image.iou[p * G + g] : 0;
    if (g === 0 || v > best.value) {
      best.index = g;
      best.value = v;
    }
  }
}

/**
 * The error of detection p (not a true positive), tested in TIDE's order: Loc (same class, bg <= IoU
 * <= pos), Cls (another class, IoU >= pos), Dupe (same class, an already matched GT, IoU >= pos), Bkg
 * (IoU <= bg with every GT), else Both. With no regular GT in the image it is Bkg. A Cls or Loc error
 * on an unmatched GT competes to be that GT's fix (BestGTMatch).
 */
export function classifyDetection(
  image: TideImage,
  match: ImageMatch,
  p: number,
  rank: number,
  gtClass: ArrayLike<number>,
  pos: number,
  bg: number,
  matches: BestGtMatches,
): TideError {
  const error: TideError = {
    kind: "Bkg",
    predId: image.predId[p],
    predClass: image.predClass[p],
    score: image.score[p],
    rank,
    ignored: match.used[p] === IGNORED,
    gt: -1,
  };
  if (image.gt.length === 0) return error;
  rowMax(image, match, gtClass, p, SAME_CLASS);
  if (bg <= best.value && best.value <= pos) error.kind = "Loc";
  else {
    rowMax(image, match, gtClass, p, OTHER_CLASS);
    if (best.value >= pos) error.kind = "Cls";
  }
  if (error.kind === "Loc" || error.kind === "Cls") {
    if (!match.gtUsed[best.index]) {
      error.gt = image.gt[best.index];
      matches.offer(error.gt, error.predId, error.score);
    }
    return error;
  }
  rowMax(image, match, gtClass, p, MATCHED_SAME_CLASS);
  if (best.value >= pos) error.kind = "Dupe";
  else {
    rowMax(image, match, gtClass, p, ANY);
    error.kind = best.value <= bg ? "Bkg" : "Both";
  }
  return error;
}
