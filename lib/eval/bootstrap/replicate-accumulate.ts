import type { ReplicateCache, ReplicateLists } from "./replicate-cache";

/**
 * accumulate() of a bootstrap replicate: every image counts `multiplicity[i]` times (0 = not drawn),
 * its GT in npig and its detections in the ranked lists, as if its copies were evaluated side by side
 * (the copies of a detection rank next to each other: they share its score).
 *
 * Why it is cheap. Recall only changes at true positives, and interpolated precision only reads the
 * precision at true positives (accumulate.ts), so per (list, area range, IoU threshold) a replicate
 * needs, at each true positive, the weighted true positives up to it and the weighted false positives
 * ranked above it. The k copies of a true positive add k to tp with fp unchanged: precision rises along
 * them, so the envelope makes them one step at the last copy's precision, and the recall thresholds
 * that fall among them read that step. False positives are running sums over the list's pattern
 * streams (one add per detection, shared by all A x T slots), corrected by the few entries that differ
 * from the default; only the detections with entries (~6% on the bench case) are visited one by one.
 *
 * Measured on the bench case (475k detections, 28k with entries, 337k entries; one core, loaded
 * machine): a walk over every detection testing its multiplicity cost ~11 ms per replicate (the
 * zero-multiplicity branch mispredicts on 37% of the images); the branch-free stream sums ~1.5 ms.
 *
 * Output, per area range a, only over the lists defined in the replicate (npig > 0; `rank` numbers
 * them 0 .. defined[a] - 1 in list order), in numpy's C order — so each summary mean is one contiguous
 * run (replicate-summary.ts):
 *   precision[a * T * R * L + (t * R + r) * defined[a] + rank]   at the largest maxDets
 *   recall[(a * M + m) * T * L + t * defined[a] + rank]
 * With every multiplicity 1 the numbers are accumulate()'s, bit for bit: the sums are integers, so tp,
 * fp and every division are the same operations on the same values.
 *
 * Self-contained on purpose — no runtime imports, no module-level constants, no nested functions: the
 * bootstrap's helper thread runs its source text (lib/eval/bootstrap/replicate-thread.ts).
 */
export class ReplicateAccumulator {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Lists with npig > 0 per area range, and each list's place among them (-1: undefined), at [l * A + a]. */
  readonly defined: Int32Array;
  readonly rank: Int32Array;
  readonly A: number;
  readonly T: number;
  readonly R: number;
  readonly M: number;
  readonly L: number;
  private readonly thresholds: Float64Array;
  /** The patterns containing area range a: areaPatterns[areaPatternStart[a] ..]. */
  private readonly areaPatternStart: Int32Array;
  private readonly areaPatterns: Int32Array;
  private readonly P: number;
  /**
   * Derived once from the cache for the hot loop: where event e reads its default false positives,
   * one offset into `above` per (area range, pattern) pair at [e * areaPatterns.length + i]; the first
   * maxDets slot that counts it; the area range of each slot.
   */
  private readonly eventOffsets: Int32Array;
  private readonly eventFirstSlot: Int32Array;
  private readonly slotArea: Int32Array;
  // Scratch, reused by every replicate.
  private readonly npig: Float64Array;
  private readonly above: Float64Array;
  private readonly byArea: Float64Array;
  private readonly tp: Float64Array;
  /** Weighted true positives of slot j ranked too low for maxDets[m], at [j * M + m]. */
  private readonly uncounted: Float64Array;
  private readonly fpCorrection: Float64Array;
  private readonly steps: Int32Array;
  private readonly stepStart: Int32Array;
  private readonly stepTp: Float64Array;
  private readonly stepPrecision: Float64Array;
  private readonly firstTpByNpig = new Map<number, Int32Array>();

  constructor(
    cache: ReplicateCache,
    private readonly lists: ReplicateLists,
  ) {
    const p = cache.params;
    this.A = p.areaRanges.length;
    this.T = p.iouThresholds.length;
    this.R = cache.recallThresholds.length;
    this.M = p.maxDets.length;
    this.L = lists.lists;
    this.thresholds = cache.recallThresholds;
    this.P = cache.patterns.length / this.A;
    const { A, T, R, M, L, P } = this;
    const areaPatterns: number[] = [];
    this.areaPatternStart = new Int32Array(A + 1);
    for (let a = 0; a < A; a++) {
      for (let q = 0; q < P; q++) if (cache.patterns[q * A + a] === 1) areaPatterns.push(q);
      this.areaPatternStart[a + 1] = areaPatterns.length;
    }
    this.areaPatterns = Int32Array.from(areaPatterns);
    const AP = areaPatterns.length,
      E = lists.eventImage.length;
    this.eventOffsets = new Int32Array(E * AP);
    this.eventFirstSlot = new Int32Array(E);
    for (let l = 0; l < L; l++) {
      const listStart = lists.streamStart[l * P];
      for (let e = lists.eventStart[l]; e < lists.eventStart[l + 1]; e++) {
        for (let i = 0; i < AP; i++) {
          const q = areaPatterns[i];
          this.eventOffsets[e * AP + i] = lists.streamStart[l * P + q] - listStart + q + lists.eventAbove[e * P + q];
        }
        let m = 0;
        while (m < M - 1 && lists.eventRank[e] >= p.maxDets[m]) m++;
        this.eventFirstSlot[e] = m;
      }
    }
    this.slotArea = new Int32Array(A * T);
    for (let j = 0; j < A * T; j++) this.slotArea[j] = Math.floor(j / T);
    this.precision = new Float64Array(A * T * R * L);
    this.recall = new Float64Array(A * M * T * L);
    this.defined = new Int32Array(A);
    this.rank = new Int32Array(L * A);
    this.npig = new Float64Array(L * A);
    let longest = 0,
      most = 0;
    for (let l = 0; l < L; l++) {
      longest = Math.max(longest, lists.streamStart[(l + 1) * P] - lists.streamStart[l * P]);
      let sum = 0;
      for (let j = 0; j < A * T; j++) sum += lists.truePositives[l * A * T + j];
      most = Math.max(most, sum);
    }
    this.above = new Float64Array(longest + P);
    this.byArea = new Float64Array(A);
    this.tp = new Float64Array(A * T);
    this.uncounted = new Float64Array(A * T * M);
    this.fpCorrection = new Float64Array(A * T);
    this.steps = new Int32Array(A * T);
    this.stepStart = new Int32Array(A * T + 1);
    this.stepTp = new Float64Array(most);
    this.stepPrecision = new Float64Array(most);
  }

  /** Fills precision and recall for the multiplicities (one per split image, in cache.imageIds order). */
  run(multiplicity: ArrayLike<number>): void {
    this.countRegular(multiplicity);
    for (let l = 0; l < this.L; l++) {
      let defined = false;
      for (let a = 0; a < this.A; a++) if (this.npig[l * this.A + a] > 0) defined = true;
      if (defined) this.accumulateList(l, multiplicity);
    }
  }

  /** npig of every list and area range in the replicate, and which lists each area range averages. */
  private countRegular(w: ArrayLike<number>): void {
    const { A, L, lists, npig, defined, rank } = this;
    npig.fill(0);
    for (let l = 0; l < L; l++) {
      for (let u = lists.gtStart[l], end = lists.gtStart[l + 1]; u < end; u++) {
        // No test for k = 0: on drawn-or-not images that branch mispredicts more than the adds cost.
        const k = w[lists.gtImage[u]];
        for (let a = 0; a < A; a++) npig[l * A + a] += k * lists.gtRegular[u * A + a];
      }
    }
    defined.fill(0);
    for (let l = 0; l < L; l++) for (let a = 0; a < A; a++) rank[l * A + a] = npig[l * A + a] > 0 ? defined[a]++ : -1;
  }

  private accumulateList(l: number, w: ArrayLike<number>): void {
    const { A, T, R, M, L, npig, defined, rank } = this;
    this.walk(l, w);
    const { precision, recall, tp, uncounted, steps, stepStart, stepTp, stepPrecision } = this;
    for (let a = 0; a < A; a++) {
      const n = npig[l * A + a];
      if (n === 0) continue;
      const D = defined[a],
        at = rank[l * A + a];
      const precisionBase = a * T * R * L + at;
      const firstTp = this.firstTruePositive(n);
      for (let t = 0; t < T; t++) {
        const j = a * T + t;
        recall[(a * M + M - 1) * T * L + t * D + at] = tp[j] / n;
        for (let m = 0; m < M - 1; m++) recall[(a * M + m) * T * L + t * D + at] = (tp[j] - uncounted[j * M + m]) / n;
        const from = stepStart[j],
          to = from + steps[j];
        // np.searchsorted(rc, recThrs, side='left') reads, for threshold r, the first true positive whose
        // recall tp / npig is not below it: the first step with tp >= firstTp[r]. One backward pass makes
        // the precision envelope (monotone from the right) and reads it at the thresholds: past the last
        // recall the precision is 0; threshold r takes step s when the step before s is still below it.
        const row = precisionBase + t * R * D;
        let r = R - 1;
        const reached = to > from ? stepTp[to - 1] : 0;
        while (r >= 0 && reached < firstTp[r]) precision[row + r-- * D] = 0;
        let envelope = 0;
        for (let s = to - 1; s >= from && r >= 0; s--) {
          envelope = Math.max(envelope, stepPrecision[s]);
          const before = s > from ? stepTp[s - 1] : 0;
          while (r >= 0 && before < firstTp[r]) precision[row + r-- * D] = envelope;
        }
        // Thresholds reached with no true positive (recall threshold 0) read the first step.
        while (r >= 0) precision[row + r-- * D] = envelope;
      }
    }
  }

  /**
   * For npig = n, the least true-positive count c with !(c / n < recThrs[r]) for every r: comparing
   * counts against it is comparing recalls as accumulate computes them, without a division per step.
   */
  private firstTruePositive(n: number): Int32Array {
    let table = this.firstTpByNpig.get(n);
    if (table) return table;
    table = new Int32Array(this.R);
    for (let r = 0; r < this.R; r++) {
      const threshold = this.thresholds[r];
      let c = Math.max(0, Math.ceil(threshold * n));
      while (c > 0 && !((c - 1) / n < threshold)) c--;
      while (c / n < threshold) c++;
      table[r] = c;
    }
    this.firstTpByNpig.set(n, table);
    return table;
  }

  /** One pass over list l, weighted: the true-positive steps of every slot. */
  private walk(l: number, w: ArrayLike<number>): void {
    const { A, T, M, P, lists, above, byArea, tp, uncounted, fpCorrection, steps, stepStart, stepTp, stepPrecision } = this;
    const { areaPatternStart, areaPatterns } = this;
    const AT = A * T;
    tp.fill(0);
    uncounted.fill(0);
    fpCorrection.fill(0);
    steps.fill(0);
    for (let j = 0; j < AT; j++) stepStart[j + 1] = stepStart[j] + lists.truePositives[l * AT + j];
    // Running weighted counts along each pattern stream: above[o_q + i] = the first i detections of
    // stream q, o_q = q + (the stream's start within the list). No branch: a zero weight adds zero.
    const { streamStart, streamImage } = lists;
    const listStart = streamStart[l * P];
    for (let q = 0; q < P; q++) {
      const from = streamStart[l * P + q],
        to = streamStart[l * P + q + 1];
      let o = from - listStart + q;
      let sum = 0;
      above[o] = 0;
      for (let i = from; i < to; i++) above[++o] = sum += w[streamImage[i]];
    }
    const { eventImage, entryStart, entries } = lists;
    const { eventOffsets, eventFirstSlot, slotArea } = this;
    const AP = areaPatterns.length;
    for (let e = lists.eventStart[l], end = lists.eventStart[l + 1]; e < end; e++) {
      const k = w[eventImage[e]];
      if (k === 0) continue;
      // Default false positives ranked above, per area range.
      for (let a = 0, i = 0; a < A; a++) {
        let sum = 0;
        for (const to = areaPatternStart[a + 1]; i < to; i++) sum += above[eventOffsets[e * AP + i]];
        byArea[a] = sum;
      }
      // True positives of an event ranked below maxDets[m] do not count at slot m: rarely so (rank 0 counts
      // everywhere), so the others are subtracted at the end rather than every true positive added per slot.
      const firstSlot = eventFirstSlot[e];
      for (let x = entryStart[e], x1 = entryStart[e + 1]; x < x1; x++) {
        const code = entries[x];
        const j = code >> 2,
          kind = code & 3;
        // Entry kinds (replicate-cache.ts): 0 ENTRY_TP, 1 ENTRY_TP_NOT_FP, 2 ENTRY_FP, 3 ENTRY_NOT_FP.
        if (kind <= 1) {
          const truePositives = (tp[j] += k);
          const falsePositives = byArea[slotArea[j]] + fpCorrection[j];
          const s = stepStart[j] + steps[j]++;
          stepTp[s] = truePositives;
          // + np.spacing(1), as accumulate.ts.
          stepPrecision[s] = truePositives / (falsePositives + truePositives + 2.220446049250313e-16);
          if (kind === 1) fpCorrection[j] -= k;
          for (let m = 0; m < firstSlot; m++) uncounted[j * M + m] += k;
        } else if (kind === 2) fpCorrection[j] += k;
        else fpCorrection[j] -= k;
      }
    }
  }
}
