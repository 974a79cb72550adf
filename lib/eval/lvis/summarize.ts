// LVISEval.summarize and the per-category numbers, from the accumulated arrays.
import type { Accumulated } from "../accumulate";
import { numpyMean } from "../numpy-mean";

/** Area ranges in LVIS Params order (all, small, medium, large); IoU thresholds .50:.05:.95 (0.5 at 0, 0.75 at 5). */
const ALL = 0,
  SMALL = 1,
  MEDIUM = 2,
  LARGE = 3;
const T50 = 0,
  T75 = 5;

/** Means of the entries > -1 in numpy's C order, -1 if there is none (as _summarize). */
class DefinedMean {
  private values: Float64Array;
  private n = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  add(v: number): void {
    if (v > -1) this.values[this.n++] = v;
  }
  take(): number {
    const mean = this.n === 0 ? -1 : numpyMean(this.values, this.n);
    this.n = 0;
    return mean;
  }
}

/** precision[t, :, k, a] for t in `ts` and k in `ks` (C order t, r, k), M = 1. */
function precisionMean(acc: Accumulated, ts: readonly number[], ks: ArrayLike<number>, a: number, mean: DefinedMean): number {
  const { R, K, A } = acc;
  for (const t of ts)
    for (let r = 0; r < R; r++) for (let i = 0; i < ks.length; i++) mean.add(acc.precision[((t * R + r) * K + ks[i]) * A + a]);
  return mean.take();
}

/** recall[:, k, a] for k in `ks` (C order t, k). */
function recallMean(acc: Accumulated, ks: ArrayLike<number>, a: number, mean: DefinedMean): number {
  const { T, K, A } = acc;
  for (let t = 0; t < T; t++) for (let i = 0; i < ks.length; i++) mean.add(acc.recall[(t * K + ks[i]) * A + a]);
  return mean.take();
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The reference's results dictionary, in its key order: AP, AP50, AP75, APs, APm, APl, APr, APc, APf
 * (the three frequency groups average their categories' precision), then AR@<limit> and ARs/ARm/ARl@<limit>
 * (recall is not split by frequency). `limit` reads "300" or "10000/cat" as the reference prints it.
 */
export function lvisResults(acc: Accumulated, frequency: Uint8Array, limit: string): Record<string, number> {
  const mean = new DefinedMean(acc.T * acc.R * acc.K);
  const everyT = range(acc.T);
  const all = range(acc.K);
  const group = (g: number) => all.filter((k) => frequency[k] === g);
  return {
    AP: precisionMean(acc, everyT, all, ALL, mean),
    AP50: precisionMean(acc, [T50], all, ALL, mean),
    AP75: precisionMean(acc, [T75], all, ALL, mean),
    APs: precisionMean(acc, everyT, all, SMALL, mean),
    APm: precisionMean(acc, everyT, all, MEDIUM, mean),
    APl: precisionMean(acc, everyT, all, LARGE, mean),
    APr: precisionMean(acc, everyT, group(0), ALL, mean),
    APc: precisionMean(acc, everyT, group(1), ALL, mean),
    APf: precisionMean(acc, everyT, group(2), ALL, mean),
    [`AR@${limit}`]: recallMean(acc, all, ALL, mean),
    [`ARs@${limit}`]: recallMean(acc, all, SMALL, mean),
    [`ARm@${limit}`]: recallMean(acc, all, MEDIUM, mean),
    [`ARl@${limit}`]: recallMean(acc, all, LARGE, mean),
  };
}

export interface LvisClassMetrics {
  categoryId: number;
  name: string;
  frequency: "r" | "c" | "f";
  ap: number;
  ap50: number;
  ap75: number;
  apSmall: number;
  apMedium: number;
  apLarge: number;
  ar: number;
  arSmall: number;
  arMedium: number;
  arLarge: number;
}

/**
 * Each category's slice of the arrays, summarized the same way; -1 where it has no GT to score against.
 * precision[t, :, k, a] is strided by K * A: it is first copied per area range into [k][t][r] order,
 * so that each category reads its T * R values contiguously (same values, same order, same means).
 */
export function lvisClassNumbers(acc: Accumulated): Omit<LvisClassMetrics, "categoryId" | "name" | "frequency">[] {
  const { T, R, K, A } = acc;
  const TR = T * R;
  const source = acc.precision;
  const byCategory = [ALL, SMALL, MEDIUM, LARGE].map((a) => {
    const out = new Float64Array(K * TR);
    for (let tr = 0; tr < TR; tr++) {
      const row = tr * K;
      for (let k = 0, to = tr; k < K; k++, to += TR) out[to] = source[(row + k) * A + a];
    }
    return out;
  });
  const mean = new DefinedMean(TR);
  const precision = (a: number, k: number, from: number, to: number) => {
    const values = byCategory[a];
    for (let i = k * TR + from; i < k * TR + to; i++) mean.add(values[i]);
    return mean.take();
  };
  const numbers = [];
  for (let k = 0; k < K; k++) {
    const only = [k];
    numbers.push({
      ap: precision(ALL, k, 0, TR),
      ap50: precision(ALL, k, T50 * R, (T50 + 1) * R),
      ap75: precision(ALL, k, T75 * R, (T75 + 1) * R),
      apSmall: precision(SMALL, k, 0, TR),
      apMedium: precision(MEDIUM, k, 0, TR),
      apLarge: precision(LARGE, k, 0, TR),
      ar: recallMean(acc, only, ALL, mean),
      arSmall: recallMean(acc, only, SMALL, mean),
      arMedium: recallMean(acc, only, MEDIUM, mean),
      arLarge: recallMean(acc, only, LARGE, mean),
    });
  }
  return numbers;
}
