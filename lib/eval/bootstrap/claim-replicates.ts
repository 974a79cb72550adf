import type { ReplicateEvaluator } from "./replicate-evaluator";

/** control[CLAIMED]: the next replicate to claim; control[FINISHED]: replicates finished (or failed) by the helper thread. */
export const CLAIMED = 0;
export const FINISHED = 1;
/** state[b] of replicate b. */
export const PENDING = 0;
export const DONE = 1;
export const FAILED = 2;

export interface ReplicateJob {
  replicates: number;
  images: number;
  /** Multiplicities, replicate b at [b * images, (b + 1) * images). */
  counts: Uint16Array;
  control: Int32Array;
  state: Int32Array;
  stats: Float64Array;
  /** categories * 12 per replicate, or null. */
  perClass: Float64Array | null;
  categories: number;
}

/**
 * Evaluates replicates claimed one at a time with Atomics.add on control[0] (both threads run this over
 * the same shared job, so a slow or busy thread simply claims fewer), marking each DONE in `state` —
 * or FAILED (and stopping) if evaluating it threw — then counting it in control[1] and notifying.
 *
 * Self-contained on purpose (the helper thread runs its source text): indices are literals.
 */
export function claimReplicates(evaluator: ReplicateEvaluator, job: ReplicateJob, helper: boolean): void {
  const { replicates, images, counts, control, state, stats, perClass, categories } = job;
  for (let b = Atomics.add(control, 0, 1); b < replicates; b = Atomics.add(control, 0, 1)) {
    let failed = false;
    try {
      const multiplicity = counts.subarray(b * images, (b + 1) * images);
      evaluator.evaluate(multiplicity, stats, b * 12, perClass ?? undefined, b * categories * 12);
    } catch (error) {
      if (!helper) throw error;
      failed = true;
    }
    Atomics.store(state, b, failed ? 2 : 1);
    if (helper) {
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
    }
    if (failed) return;
  }
}
