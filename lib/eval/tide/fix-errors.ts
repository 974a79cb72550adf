// TIDERun.fix_errors and what TIDE reports from it: the AP gained by fixing each error type (dAP), and
// the two special errors (perfect precision, perfect recall).
import { ClassedPoints } from "./ap";
import { MAIN_ERRORS, type DataPoint, type MainError, type TideError } from "./errors";

export interface RunErrors {
  /** The run's AP data, as _eval_image pushed it. */
  points: ClassedPoints;
  errors: TideError[];
  original: DataPoint[];
  fixed: DataPoint[];
  /** Unmatched regular GT per class. */
  falseNegatives: Map<number, number>;
  /** The ranks of the scores 1 and 0 among the run's scores (FalsePositiveError.fix scores points 1 or 0). */
  rankOfOne: number;
  rankOfZero: number;
}

interface FixOptions {
  /** Replaces the rank of every data point kept, by its correctness. */
  rescore?: (rank: number, correct: boolean) => number;
  /** Subtract each class's false negatives from its GT count. */
  withoutFalseNegatives?: boolean;
}

/**
 * A new AP data object: every error's data point (fixed where `fix` says so), then the true positives
 * of the original data class by class, then the GT counts. The insertion order is the reference's and
 * it matters: fixed points are sorted by score with ties in insertion order, and the mean over classes
 * sums in class insertion order.
 */
export function fixErrors(run: RunErrors, fix: (e: TideError) => boolean, options: FixOptions = {}): ClassedPoints {
  const gtCount = new Map<number, number>();
  for (const [classId, points] of run.points.classes) gtCount.set(classId, points.numGt);
  const out = new ClassedPoints();
  const push = (classId: number, id: number, rank: number, correct: boolean) => {
    out.of(classId).push(id, options.rescore ? options.rescore(rank, correct) : rank, correct);
  };
  run.errors.forEach((e, i) => {
    let point = run.original[i];
    if (fix(e)) {
      point = run.fixed[i];
      if (point && "gtDelta" in point) {
        gtCount.set(point.classId, gtCount.get(point.classId)! + point.gtDelta);
        point = null;
      }
    }
    if (point && !("gtDelta" in point)) push(point.classId, e.predId, point.rank, point.correct);
  });
  for (const classId of gtCount.keys()) {
    const points = run.points.classes.get(classId)!;
    for (let i = 0; i < points.n; i++) if (points.correct[i]) push(classId, points.ids[i], points.ranks[i], true);
  }
  for (const [classId, count] of gtCount) {
    out.of(classId).numGt += count - (options.withoutFalseNegatives ? (run.falseNegatives.get(classId) ?? 0) : 0);
  }
  return out;
}

/** fix_main_errors (not progressive): dAP of each main error type, negative gains clipped to 0. */
export function mainErrorGains(run: RunErrors, ap: number): Record<MainError, number> {
  const gains = {} as Record<MainError, number>;
  for (const kind of MAIN_ERRORS) gains[kind] = Math.max(fixErrors(run, (e) => e.kind === kind).meanAp() - ap, 0);
  return gains;
}

/**
 * fix_special_errors: FalsePos scores every false positive 0 and every true positive 1 (perfect
 * precision at the same recall); FalseNeg drops the unmatched GT from the counts (perfect recall).
 */
export function specialErrorGains(run: RunErrors, ap: number): { FalsePos: number; FalseNeg: number } {
  const never = () => false;
  return {
    FalsePos: fixErrors(run, never, { rescore: (_rank, correct) => (correct ? run.rankOfOne : run.rankOfZero) }).meanAp() - ap,
    FalseNeg: fixErrors(run, never, { withoutFalseNegatives: true }).meanAp() - ap,
  };
}
