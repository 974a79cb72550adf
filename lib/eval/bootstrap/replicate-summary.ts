import type { SummarySlot } from "../summarize";
import type { ReplicateAccumulator } from "./replicate-accumulate";

/**
 * summarize() over a ReplicateAccumulator: the same slots (summarySlots), the same values in numpy's C
 * order (t, r, k for precision; t, k for recall) averaged by numpyMean, so the numbers are summarize()'s
 * bit for bit. Over all classes each mean is one contiguous run of the accumulator's output (undefined
 * lists are already left out); a single class gathers its values at the stride of the defined lists.
 *
 * Self-contained on purpose (the helper thread runs its source text): the slots and numpyMean are
 * passed in.
 */
export class ReplicateSummary {
  private readonly buffer: Float64Array;

  constructor(
    private readonly slots: readonly SummarySlot[],
    private readonly mean: (values: ArrayLike<number>, n?: number) => number,
    thresholds: number,
    recallPoints: number,
  ) {
    this.buffer = new Float64Array(thresholds * recallPoints);
  }

  /** The 12 numbers over all lists (k = -1) or of list k alone, written to out[offset .. offset + 12). */
  write(acc: ReplicateAccumulator, k: number, out: Float64Array, offset: number): void {
    const { T, R, M, L, A } = acc;
    for (let i = 0; i < this.slots.length; i++) {
      const { kind, t, a, m } = this.slots[i];
      if (a < 0 || m < 0 || t === -1) {
        out[offset + i] = -1;
        continue;
      }
      const D = acc.defined[a];
      const at = k < 0 ? 0 : acc.rank[k * A + a];
      if (D === 0 || at < 0) {
        out[offset + i] = -1;
        continue;
      }
      const t0 = t === "all" ? 0 : t,
        t1 = t === "all" ? T : t + 1;
      const values = kind === "precision" ? acc.precision : acc.recall;
      // Rows of D values: precision rows are (t, r) from a * T * R * L, recall rows t from (a * M + m) * T * L.
      const base = kind === "precision" ? a * T * R * L : (a * M + m) * T * L;
      const rowFrom = kind === "precision" ? t0 * R : t0,
        rowTo = kind === "precision" ? t1 * R : t1;
      if (k < 0) {
        out[offset + i] = this.mean(values.subarray(base + rowFrom * D, base + rowTo * D));
        continue;
      }
      let n = 0;
      for (let row = rowFrom; row < rowTo; row++) this.buffer[n++] = values[base + row * D + at];
      out[offset + i] = this.mean(this.buffer, n);
    }
  }
}
