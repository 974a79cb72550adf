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

/** First index of the largest value (np.argmax) of row[from .. from + n), mapped through `keep`. */
function argmax(n: number, value: (g: number) => number): number {
  let best = 0;
  for (let g = 1; g < n; g++) if (value(g) > value(best)) best = g;
  return best;
}

/**
 * Each detection in score order takes the GT of its own class with the highest IoU not yet taken
 * (first of equal IoUs) if that IoU is >= pos. Then a detection not taken whose crowd IoU with a crowd
 * region of its class is > pos is ignored.
 */
export function matchTideImage(image: TideImage, gtClass: ArrayLike<number>, pos: number): ImageMatch {
  const P = image.predId.length,
    G = image.gt.length,
    C = image.crowd.length;
  const used = new Int8Array(P);
  const gtUsed = new Uint8Array(G);
  const gtMatchedWith = new Int32Array(G).fill(-1);
  if (G > 0) {
    for (let p = 0; p < P; p++) {
      const row = p * G;
      const cls = image.predClass[p];
      // iou_buffer: same-class IoU, with the columns of taken GT set to 0.
      const g = argmax(G, (j) => (gtUsed[j] || gtClass[image.gt[j]] !== cls ? 0 : image.iou[row + j]));
      const value = gtUsed[g] || gtClass[image.gt[g]] !== cls ? 0 : image.iou[row + g];
      if (value >= pos) {
        used[p] = USED;
        gtUsed[g] = 1;
        gtMatchedWith[g] = image.predId[p];
      }
    }
  }
  for (let c = 0; c < C; c++) {
    const regionClass = gtClass[image.crowd[c]];
    for (let p = 0; p < P; p++) {
      if (used[p] !== USED && image.crowdIou[p * C + c] > pos && regionClass === image.predClass[p]) used[p] = IGNORED;
    }
  }
  return { used, gtUsed, gtMatchedWith };
}

/**
 * The error of detection p (not a true positive), tested in TIDE's order: Loc (same class, bg <= IoU
 * <= pos), Cls (another class, IoU >= pos), Dupe (same class, an already matched GT, IoU >= pos), Bkg
 * (IoU <= bg with every GT), else Both. With no regular GT in the image it is Bkg.
 */
export function classifyDetection(
  image: TideImage,
  match: ImageMatch,
  p: number,
  gtClass: ArrayLike<number>,
  pos: number,
  bg: number,
  best: BestGtMatches,
): TideError {
  const G = image.gt.length;
  const predId = image.predId[p],
    cls = image.predClass[p],
    score = image.score[p];
  const error = (kind: TideError["kind"], gt = -1): TideError => ({
    kind,
    predId,
    predClass: cls,
    score,
    ignored: match.used[p] === IGNORED,
    gt,
  });
  if (G === 0) return error("Bkg");
  const row = p * G;
  const iou = (g: number) => image.iou[row + g];
  const same = (g: number) => gtClass[image.gt[g]] === cls;
  // A Cls or Loc error on an unmatched GT competes to be that GT's fix (BestGTMatch).
  const withGt = (kind: "Cls" | "Loc", g: number): TideError => {
    if (match.gtUsed[g]) return error(kind, -1);
    best.offer(image.gt[g], predId, score);
    return error(kind, image.gt[g]);
  };
  let g = argmax(G, (j) => (same(j) ? iou(j) : 0));
  let v = same(g) ? iou(g) : 0;
  if (bg <= v && v <= pos) return withGt("Loc", g);
  g = argmax(G, (j) => (same(j) ? 0 : iou(j)));
  v = same(g) ? 0 : iou(g);
  if (v >= pos) return withGt("Cls", g);
  g = argmax(G, (j) => (match.gtUsed[j] && same(j) ? iou(j) : 0));
  v = match.gtUsed[g] && same(g) ? iou(g) : 0;
  if (v >= pos) return error("Dupe");
  g = argmax(G, iou);
  if (iou(g) <= bg) return error("Bkg");
  return error("Both");
}
