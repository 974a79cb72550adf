import { pairedLowerBound } from "@/lib/eval/bootstrap/percentile";

export interface LadderCandidate {
  /** Point estimate on the primary metric. */
  point: number;
  /** Replicates of the primary metric under the phase's draws, or null if not computed yet. */
  replicates: ArrayLike<number> | null;
}

/**
 * The Ladder (Blum & Hardt, ICML 2015) with a paired-bootstrap margin (docs/statistics.md): over one
 * team's submissions in submission order, the shown entry starts as the first one with replicates;
 * a later submission replaces it only when it beats it by more than the one-sided paired margin at
 * `level` — when the (1 - level) quantile of the paired differences (new - shown, sign flipped when
 * lower is better) is > 0. Submissions without replicates never replace it. Returns the index of the
 * shown submission, or -1 when none has replicates.
 */
export function ladderShown(inSubmissionOrder: readonly LadderCandidate[], level: number, higherIsBetter = true): number {
  let shown = -1;
  for (let i = 0; i < inSubmissionOrder.length; i++) {
    const candidate = inSubmissionOrder[i];
    if (!candidate.replicates) continue;
    if (shown < 0) {
      shown = i;
      continue;
    }
    const current = inSubmissionOrder[shown].replicates!;
    const bound = higherIsBetter
      ? pairedLowerBound(candidate.replicates, current, level)
      : pairedLowerBound(current, candidate.replicates, level);
    if (bound !== null && bound > 0) shown = i;
  }
  return shown;
}
