import type { UnitIous } from "./compute-iou";
import type { EvaluationGroups } from "./evaluation-groups";
import type { LoadedResults } from "./load-results";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import type { AreaRange } from "./types";

/** What accumulate needs of one detection at one (area range, IoU threshold). */
export const FALSE_POSITIVE = 0;
export const TRUE_POSITIVE = 1;
export const IGNORED = 2;

/** detState[p * (A * T) + a * T + t] for dtOrder position p: a detection's states are contiguous. */
export interface MatchStates {
  thresholds: number;
  areas: number;
  detections: number;
  detState: Uint8Array;
}

/** Scratch buffers reused across units, grown on demand. */
class Scratch {
  gtOrder = new Int32Array(64);
  gtIgnore = new Uint8Array(64);
  gtTaken = new Uint8Array(64);
  rowBest = new Float64Array(64);
  ensure(g: number, d: number) {
    if (d > this.rowBest.length) this.rowBest = new Float64Array(Math.max(d, 2 * this.rowBest.length));
    if (g <= this.gtOrder.length) return;
    const size = Math.max(g, 2 * this.gtOrder.length);
    this.gtOrder = new Int32Array(size);
    this.gtIgnore = new Uint8Array(size);
    this.gtTaken = new Uint8Array(size);
  }
}

/**
 * evaluateImg for one unit and one area range, every IoU threshold: greedy matching of detections (in
 * score order) to GT, writing each detection's state.
 */
function matchUnit(
  gt: PreparedGroundTruth,
  dt: LoadedResults,
  groups: EvaluationGroups,
  ious: UnitIous,
  u: number,
  range: [number, number],
  thresholds: readonly number[],
  a: number,
  states: MatchStates,
  s: Scratch,
  ignoreUnmatched: boolean,
): void {
  const g0 = groups.gtStart[u],
    G = groups.gtEnd[u] - g0;
  const d0 = groups.dtStart[u],
    D = groups.dtEnd[u] - d0;
  if (D === 0) return;
  const [lo, hi] = range;
  const T = thresholds.length,
    AT = states.areas * T;
  if (G === 0) {
    // Nothing to match: each detection is a false positive, or ignored outside the area range, at every threshold.
    for (let d = 0; d < D; d++) {
      const p = d0 + d;
      const area = dt.area[groups.dtOrder[p]];
      const state = ignoreUnmatched || area < lo || area > hi ? IGNORED : FALSE_POSITIVE;
      // A loop: TypedArray.fill's call overhead exceeds the work for ten bytes.
      for (let at = p * AT + a * T, end = at + T; at < end; at++) states.detState[at] = state;
    }
    return;
  }
  s.ensure(G, D);
  const { gtOrder, gtIgnore, gtTaken, rowBest } = s;
  // GT sorted by _ignore with a stable sort: regular GT first, each part in file order.
  let next = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let g = 0; g < G; g++) {
      const j = g0 + g;
      const ignore = gt.gtIgnore[j] === 1 || gt.gtArea[j] < lo || gt.gtArea[j] > hi ? 1 : 0;
      if (ignore === pass) {
        gtOrder[next] = g;
        gtIgnore[next] = ignore;
        next++;
      }
    }
  }
  const iouBase = ious.offset[u];
  // Each detection's best IoU with any GT of the unit (NaN counts as +Infinity, since a NaN IoU passes
  // the `iou < best` test below): a detection below the threshold with every GT stays unmatched
  // without scanning its row (most false positives overlap nothing).
  for (let d = 0; d < D; d++) {
    const iouRow = iouBase + d * G;
    let most = -Infinity;
    for (let g = 0; g < G; g++) {
      const iou = ious.values[iouRow + g];
      if (iou !== iou) {
        most = Infinity;
        break;
      }
      if (iou > most) most = iou;
    }
    rowBest[d] = most;
  }
  for (let t = 0; t < T; t++) {
    gtTaken.fill(0, 0, G);
    // pycocotools caps the threshold at 1 - 1e-10: a threshold of 1 still accepts IoUs a rounding error below 1.
    const threshold = Math.min(thresholds[t], 1 - 1e-10);
    for (let d = 0; d < D; d++) {
      let best = threshold;
      let m = -1;
      const iouRow = iouBase + d * G;
      for (let gi = rowBest[d] < threshold ? G : 0; gi < G; gi++) {
        const g = gtOrder[gi];
        const crowd = gt.gtCrowd[g0 + g] === 1;
        if (gtTaken[gi] && !crowd) continue;
        // Once matched to a regular GT, ignored GT (sorted last) can no longer take the detection.
        if (m > -1 && gtIgnore[m] === 0 && gtIgnore[gi] === 1) break;
        const iou = ious.values[iouRow + g];
        if (iou < best) continue;
        // >= : on equal IoU the later GT wins.
        best = iou;
        m = gi;
      }
      const p = d0 + d;
      const area = dt.area[groups.dtOrder[p]];
      const outOfRange = ignoreUnmatched || area < lo || area > hi;
      const at = p * AT + a * T + t;
      if (m === -1) {
        states.detState[at] = outOfRange ? IGNORED : FALSE_POSITIVE;
        continue;
      }
      gtTaken[m] = 1;
      // dtMatches holds the GT id and is tested for truthiness: a match to GT id 0 counts as unmatched.
      const matchedId = gt.gtId[g0 + gtOrder[m]];
      if (gtIgnore[m] === 1) states.detState[at] = IGNORED;
      else if (matchedId !== 0) states.detState[at] = TRUE_POSITIVE;
      else states.detState[at] = outOfRange ? IGNORED : FALSE_POSITIVE;
    }
  }
}

/**
 * Every unit, every area range. `unmatchedIgnored[u]` = 1 makes unit u's unmatched detections ignored
 * rather than false positives, as outside the area range (LVIS: a category not exhaustively annotated
 * in the image).
 */
export function matchAll(
  gt: PreparedGroundTruth,
  dt: LoadedResults,
  groups: EvaluationGroups,
  ious: UnitIous,
  areaRanges: readonly AreaRange[],
  thresholds: readonly number[],
  onProgress?: (fraction: number) => void,
  unmatchedIgnored?: Uint8Array,
): MatchStates {
  const N = groups.dtOrder.length;
  const states: MatchStates = {
    thresholds: thresholds.length,
    areas: areaRanges.length,
    detections: N,
    detState: new Uint8Array(areaRanges.length * thresholds.length * N),
  };
  const scratch = new Scratch();
  const progressEvery = Math.max(1, Math.floor(groups.count / 50));
  for (let u = 0; u < groups.count; u++) {
    for (let a = 0; a < areaRanges.length; a++) {
      matchUnit(gt, dt, groups, ious, u, areaRanges[a].range, thresholds, a, states, scratch, unmatchedIgnored?.[u] === 1);
    }
    if (onProgress && u % progressEvery === 0) onProgress(u / groups.count);
  }
  onProgress?.(1);
  return states;
}
