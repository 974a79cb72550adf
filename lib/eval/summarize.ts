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
 * How the 12 numbers pick their maxDets and thresholds (lib/eval/README.md, "Two summarize rules"):
 * - "largest" (Maskboard, every platform protocol): AP and the area metrics read the largest maxDets,
 *   AP50/AP75 find 0.5/0.75 within 1e-12 (summarySlots).
 * - "pycocotools": COCOeval.summarize to the letter: AP reads maxDets == 100 (-1 when 100 is not one of
 *   them); AP50/AP75/APs/APm/APl and ARs/ARm/ARl read the value maxDets[2]; AR1/AR10/AR100 the values
 *   maxDets[0], [1], [2]; thresholds by exact equality (np.where(iouThr == p.iouThrs)). A value listed
 *   twice is read at both positions, as numpy's index lists do.
 */
export type SummaryRule = "largest" | "pycocotools";

/** A slot of the pycocotools rule: index lists (empty: not found, the number is -1). */
interface CocoSummarySlot {
  kind: "precision" | "recall";
  t: number[] | "all";
  a: number;
  m: number[];
}

/** COCOeval.summarize's slots, read exactly as _summarize indexes (see SummaryRule). */
export function pycocotoolsSummarySlots(params: EvalParams): CocoSummarySlot[] {
  const area = (name: string) => params.areaRanges.findIndex((r) => r.name === name);
  const where = (values: readonly number[], value: number | undefined) =>
    values.flatMap((v, i) => (value !== undefined && v === value ? [i] : []));
  const dets = (value: number | undefined) => where(params.maxDets, value);
  const thr = (value: number) => where(params.iouThresholds, value);
  const m2 = params.maxDets[2]; // pycocotools raises IndexError below 3 maxDets; here they read nothing (-1)
  const all = area("all");
  const ap = (t: number[] | "all", a: number, m: number[]): CocoSummarySlot => ({ kind: "precision", t, a, m });
  const ar = (a: number, m: number[]): CocoSummarySlot => ({ kind: "recall", t: "all", a, m });
  return [
    ap("all", all, dets(100)),
    ap(thr(0.5), all, dets(m2)),
    ap(thr(0.75), all, dets(m2)),
    ap("all", area("small"), dets(m2)),
    ap("all", area("medium"), dets(m2)),
    ap("all", area("large"), dets(m2)),
    ar(all, dets(params.maxDets[0])),
    ar(all, dets(params.maxDets[1])),
    ar(all, dets(m2)),
    ar(area("small"), dets(m2)),
    ar(area("medium"), dets(m2)),
    ar(area("large"), dets(m2)),
  ];
}

/** The maxDets value each of the 12 numbers is labelled with when printed, by rule (as summarize prints them). */
export function summaryMaxDetsLabels(params: EvalParams, rule: SummaryRule): (number | undefined)[] {
  const d = params.maxDets;
  if (rule === "pycocotools") return [100, d[2], d[2], d[2], d[2], d[2], d[0], d[1], d[2], d[2], d[2], d[2]];
  const last = d[d.length - 1];
  return [last, last, last, last, last, last, d[0], d[1], d[2], last, last, last];
}

function slotOf(slot: SummarySlot): CocoSummarySlot {
  return { kind: slot.kind, t: slot.t === "all" ? "all" : slot.t < 0 ? [] : [slot.t], a: slot.a, m: slot.m < 0 ? [] : [slot.m] };
}

/** Whether both rules read the same slots under `params`, so their 12 numbers are equal for any data. */
export function summaryRulesAgree(params: EvalParams): boolean {
  return JSON.stringify(summarySlots(params).map(slotOf)) === JSON.stringify(pycocotoolsSummarySlots(params));
}

/**
 * The mean of the entries > -1 of precision[t, :, k, a, m] (or recall[t, k, a, m]) in numpy's C order,
 * -1 when there is none or when the threshold, area range or maxDets slot is not configured.
 */
function meanDefined(acc: Accumulated, { kind, t, a, m }: CocoSummarySlot, k: number | "all", buffer: Float64Array): number {
  if (a < 0 || m.length === 0 || (t !== "all" && t.length === 0)) return -1;
  const { T, R, K, A, M } = acc;
  const ts = t === "all" ? Array.from({ length: T }, (_, i) => i) : t;
  const ks = k === "all" ? [0, K] : [k, k + 1];
  let n = 0;
  // numpy's order: s[t] puts the thresholds first; [..., aind, mind] broadcasts the maxDets positions last.
  for (const ti of ts) {
    if (kind === "precision") {
      for (let r = 0; r < R; r++) {
        for (let ki = ks[0]; ki < ks[1]; ki++) {
          for (const mi of m) {
            const v = acc.precision[(((ti * R + r) * K + ki) * A + a) * M + mi];
            if (v > -1) buffer[n++] = v;
          }
        }
      }
    } else {
      for (let ki = ks[0]; ki < ks[1]; ki++) {
        for (const mi of m) {
          const v = acc.recall[((ti * K + ki) * A + a) * M + mi];
          if (v > -1) buffer[n++] = v;
        }
      }
    }
  }
  return n === 0 ? -1 : numpyMean(buffer, n);
}

/** COCOeval.summarize's 12 numbers (see summarySlots) for all classes (k = "all") or one class, by Maskboard's rule. */
export function summarize(acc: Accumulated, params: EvalParams, k: number | "all" = "all"): number[] {
  return summarizeByRule(acc, params, "largest", k);
}

/** The 12 numbers by either rule (SummaryRule). */
export function summarizeByRule(acc: Accumulated, params: EvalParams, rule: SummaryRule, k: number | "all" = "all"): number[] {
  const slots = rule === "largest" ? summarySlots(params).map(slotOf) : pycocotoolsSummarySlots(params);
  const repeats = Math.max(1, ...slots.map((s) => s.m.length * (s.t === "all" ? 1 : s.t.length)));
  const buffer = new Float64Array(acc.T * acc.R * (k === "all" ? acc.K : 1) * repeats);
  return slots.map((slot) => meanDefined(acc, slot, k, buffer));
}
