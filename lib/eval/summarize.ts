import type { Accumulated } from "./accumulate";
import { numpyMean } from "./numpy-mean";
import type { EvalParams } from "./types";

export const STAT_NAMES = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"] as const;

/**
 * Where each of the 12 numbers is read: precision[t, :, k, a, m] or recall[t, k, a, m], with t = "all"
 * for every threshold; any index -1 means "not configured" (the number is then -1).
 */
export interface SummarySlot {
  kind: "precision" | "recall";
  t: number | "all";
  a: number;
  m: number;
}

/** Thresholds are looked up by value like np.where(iouThr == p.iouThrs); the tolerance only forgives decimal spelling. */
function thresholdIndex(thresholds: readonly number[], value: number): number {
  return thresholds.findIndex((t) => Math.abs(t - value) < 1e-12);
}

/**
 * COCOeval.summarize's 12 slots: AP metrics and ARs/ARm/ARl use the largest maxDets; AR1/AR10/AR100 use
 * maxDets[0], [1], [2] (-1 if absent); APs/APm/APl and ARs/ARm/ARl use the area ranges named "small",
 * "medium", "large"; AP50/AP75 the thresholds 0.5/0.75.
 */
export function summarySlots(params: EvalParams): SummarySlot[] {
  const area = (name: string) => params.areaRanges.findIndex((r) => r.name === name);
  const last = params.maxDets.length - 1;
  const slot = (i: number) => (i < params.maxDets.length ? i : -1);
  const all = area("all");
  const ap = (t: number | "all", a: number): SummarySlot => ({ kind: "precision", t, a, m: last });
  const ar = (a: number, m: number): SummarySlot => ({ kind: "recall", t: "all", a, m });
  return [
    ap("all", all),
    ap(thresholdIndex(params.iouThresholds, 0.5), all),
    ap(thresholdIndex(params.iouThresholds, 0.75), all),
    ap("all", area("small")),
    ap("all", area("medium")),
    ap("all", area("large")),
    ar(all, slot(0)),
    ar(all, slot(1)),
    ar(all, slot(2)),
    ar(area("small"), last),
    ar(area("medium"), last),
    ar(area("large"), last),
  ];
}

/**
 * The mean of the entries > -1 of precision[t, :, k, a, m] (or recall[t, k, a, m]) in numpy's C order,
 * -1 when there is none or when the threshold, area range or maxDets slot is not configured.
 */
function meanDefined(acc: Accumulated, { kind, t, a, m }: SummarySlot, k: number | "all", buffer: Float64Array): number {
  if (a < 0 || m < 0 || t === -1) return -1;
  const { T, R, K, A, M } = acc;
  const ts = t === "all" ? [0, T] : [t, t + 1];
  const ks = k === "all" ? [0, K] : [k, k + 1];
  let n = 0;
  for (let ti = ts[0]; ti < ts[1]; ti++) {
    if (kind === "precision") {
      for (let r = 0; r < R; r++) {
        for (let ki = ks[0]; ki < ks[1]; ki++) {
          const v = acc.precision[(((ti * R + r) * K + ki) * A + a) * M + m];
          if (v > -1) buffer[n++] = v;
        }
      }
    } else {
      for (let ki = ks[0]; ki < ks[1]; ki++) {
        const v = acc.recall[((ti * K + ki) * A + a) * M + m];
        if (v > -1) buffer[n++] = v;
      }
    }
  }
  return n === 0 ? -1 : numpyMean(buffer, n);
}

/** COCOeval.summarize's 12 numbers (see summarySlots) for all classes (k = "all") or one class. */
export function summarize(acc: Accumulated, params: EvalParams, k: number | "all" = "all"): number[] {
  const buffer = new Float64Array(acc.T * acc.R * (k === "all" ? acc.K : 1));
  return summarySlots(params).map((slot) => meanDefined(acc, slot, k, buffer));
}
