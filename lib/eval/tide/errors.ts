// TIDE's error types (Bolya et al., ECCV 2020; tidecv errors/): what went wrong with each false
// positive and each missed GT, and how "fixing" it changes the AP data.

/** TIDE._error_types order: the order dAP is computed and reported in. */
export const MAIN_ERRORS = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"] as const;
export type MainError = (typeof MAIN_ERRORS)[number];

/**
 * One error of a run. For a false positive: the detection (id, class, score; `ignored` when a crowd
 * region had already taken it out of the AP data) and, for Cls and Loc, the GT it would have matched
 * (index into the run's GT table; -1 when that GT was already matched, so fixing only removes the
 * detection). For Miss: the GT.
 */
export interface TideError {
  kind: MainError;
  predId: number;
  predClass: number;
  score: number;
  /** The score's dense descending rank in the run (what AP data points hold). */
  rank: number;
  ignored: boolean;
  gt: number;
}

/**
 * BestGTMatch, kept on the GT: among the Cls and Loc errors pointing at an unmatched GT, the one with
 * the highest score (the first of equal scores) is the one a fix turns into a true positive.
 */
export class BestGtMatches {
  usable: Uint8Array;
  bestScore: Float64Array;
  bestId: Float64Array;
  constructor(gtCount: number) {
    this.usable = new Uint8Array(gtCount);
    this.bestScore = new Float64Array(gtCount).fill(-1);
    this.bestId = new Float64Array(gtCount).fill(-1);
  }
  offer(gt: number, predId: number, score: number): void {
    this.usable[gt] = 1;
    if (this.bestScore[gt] < score) {
      this.bestScore[gt] = score;
      this.bestId[gt] = predId;
    }
  }
}

/** An AP data point, or a change of the class's GT count (a fixed Miss), or nothing. */
export type DataPoint = { classId: number; rank: number; correct: boolean } | { classId: number; gtDelta: number } | null;

/** error.original: the false positive as it sits in the AP data (nothing for ignored detections and misses). */
export function originalPoint(e: TideError): DataPoint {
  if (e.kind === "Miss" || e.ignored) return null;
  return { classId: e.predClass, rank: e.rank, correct: false };
}

/**
 * error.fixed: Cls becomes a true positive of the GT's class and Loc one of its own class, if it is the
 * GT's best match; Dupe, Bkg and Both disappear; a Miss removes its GT from the count.
 */
export function fixedPoint(e: TideError, matches: BestGtMatches, gtClass: ArrayLike<number>): DataPoint {
  switch (e.kind) {
    case "Cls":
    case "Loc":
      if (e.gt < 0 || matches.bestId[e.gt] !== e.predId) return null;
      return { classId: e.kind === "Cls" ? gtClass[e.gt] : e.predClass, rank: e.rank, correct: true };
    case "Miss":
      return { classId: gtClass[e.gt], gtDelta: -1 };
    default:
      return null;
  }
}
