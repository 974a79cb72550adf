import type { SummarySlot } from "../summarize";
import type { ReplicateAccumulator } from "./replicate-accumulate";
import type { ReplicateCache } from "./replicate-cache";
import type { ReplicateSummary } from "./replicate-summary";

/** The classes and functions a ReplicateEvaluator is made of: the module's own, or their source text run by the helper thread. */
export interface ReplicateKernel {
  Accumulator: new (cache: ReplicateCache, lists: ReplicateCache["summary"]) => ReplicateAccumulator;
  Summary: new (
    slots: readonly SummarySlot[],
    mean: (values: ArrayLike<number>, n?: number) => number,
    thresholds: number,
    recallPoints: number,
  ) => ReplicateSummary;
  mean: (values: ArrayLike<number>, n?: number) => number;
  /** summarySlots(cache.params). */
  slots: readonly SummarySlot[];
}

/**
 * The 12 summary numbers (and optionally the 12 of every category) of one replicate at a time.
 * Self-contained on purpose (the helper thread runs its source text): its parts come in the kernel.
 */
export class ReplicateEvaluator {
  readonly images: number;
  readonly categories: number;
  private readonly summary: ReplicateAccumulator;
  private readonly perClass: ReplicateAccumulator | null;
  private readonly summaryStats: ReplicateSummary;
  private readonly classStats: ReplicateSummary | null;

  constructor(cache: ReplicateCache, kernel: ReplicateKernel, opts: { perClass?: boolean } = {}) {
    this.images = cache.imageIds.length;
    this.categories = cache.categoryIds.length;
    const T = cache.params.iouThresholds.length,
      R = cache.recallThresholds.length;
    this.summary = new kernel.Accumulator(cache, cache.summary);
    this.summaryStats = new kernel.Summary(kernel.slots, kernel.mean, T, R);
    const lists = opts.perClass ? cache.perClass : null;
    this.perClass = lists === null ? null : lists === cache.summary ? this.summary : new kernel.Accumulator(cache, lists);
    this.classStats = lists === null ? null : new kernel.Summary(kernel.slots, kernel.mean, T, R);
  }

  /**
   * Evaluates the replicate in which split image i counts multiplicity[i] times: the 12 numbers go to
   * stats[offset ..], and with perClass the 12 of category k to perClass[classOffset + k * 12 ..]
   * (all -1 when categories are pooled).
   */
  evaluate(multiplicity: ArrayLike<number>, stats: Float64Array, offset = 0, perClass?: Float64Array, classOffset = 0): void {
    this.summary.run(multiplicity);
    this.summaryStats.write(this.summary, -1, stats, offset);
    if (!perClass) return;
    if (!this.perClass || !this.classStats) {
      perClass.fill(-1, classOffset, classOffset + this.categories * 12);
      return;
    }
    if (this.perClass !== this.summary) this.perClass.run(multiplicity);
    for (let k = 0; k < this.perClass.L; k++) this.classStats.write(this.perClass, k, perClass, classOffset + k * 12);
  }
}
