import { FALSE_POSITIVE, TRUE_POSITIVE, type MatchStates } from "./match-image";

/** np.spacing(1): pycocotools adds it to tp + fp so that precision is defined with no detection. */
const EPS = 2.220446049250313e-16;

/**
 * The ranked detection list of each accumulated class: positions (into EvaluationGroups.dtOrder) in the
 * order accumulate sees them — descending score, ties by image id, then by rank within the image
 * (np.argsort mergesort over the per-image lists concatenated in sorted image order).
 */
export interface RankedLists {
  classes: number;
  start: Int32Array;
  positions: Int32Array;
}

/** Accumulated curves laid out as pycocotools' arrays: precision[T][R][K][A][M], recall[T][K][A][M]; -1 = undefined. */
export interface Accumulated {
  T: number;
  R: number;
  K: number;
  A: number;
  M: number;
  precision: Float64Array;
  recall: Float64Array;
}

export interface AccumulateInput {
  lists: RankedLists;
  states: MatchStates;
  /** Image index and within-unit rank of each dtOrder position. */
  positionImage: Int32Array;
  positionRank: Int32Array;
  /** 1 for images of the split being accumulated. */
  inSplit: Uint8Array;
  /** npig: the regular (not ignored) GT count of class k in area range a, at [k * A + a]. */
  regularGt: Float64Array;
  recallThresholds: readonly number[];
  maxDets: readonly number[];
}

function copyMaxDetSlot(precision: Float64Array, recall: Float64Array, dims: Omit<Accumulated, "precision" | "recall">, k: number, from: number, to: number): void {
  const { T, R, K, A, M } = dims;
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < A; a++) {
      const base = ((t * K + k) * A + a) * M;
      recall[base + to] = recall[base + from];
      for (let r = 0; r < R; r++) {
        const cell = (((t * R + r) * K + k) * A + a) * M;
        precision[cell + to] = precision[cell + from];
      }
    }
  }
}

export function accumulate(input: AccumulateInput): Accumulated {
  const { lists, states, positionImage, positionRank, inSplit, regularGt, recallThresholds, maxDets } = input;
  const T = states.thresholds, A = states.areas, K = lists.classes, M = maxDets.length, R = recallThresholds.length;
  const AT = A * T;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  let local = new Uint8Array(1024 * AT);
  let rc = new Float64Array(1024);
  let pr = new Float64Array(1024);

  for (let k = 0; k < K; k++) {
    const from = lists.start[k], to = lists.start[k + 1];
    if (rc.length < to - from) {
      local = new Uint8Array((to - from) * AT);
      rc = new Float64Array(to - from);
      pr = new Float64Array(to - from);
    }
    let previousCount = -1;
    for (let m = M - 1; m >= 0; m--) {
      // e['dtScores'][0:maxDet] per image, restricted to the split's images. maxDets ascend, so a
      // smaller cut selecting as many detections selects the same ones: copy the larger cut's numbers.
      let count = 0;
      for (let i = from; i < to; i++) {
        const p = lists.positions[i];
        if (inSplit[positionImage[p]] === 1 && positionRank[p] < maxDets[m]) count++;
      }
      if (count === previousCount) {
        copyMaxDetSlot(precision, recall, { T, R, K, A, M }, k, m + 1, m);
        continue;
      }
      previousCount = count;
      // The selected detections' states, copied together (each detection's A * T states are contiguous).
      let nd = 0;
      for (let i = from; i < to; i++) {
        const p = lists.positions[i];
        if (inSplit[positionImage[p]] !== 1 || positionRank[p] >= maxDets[m]) continue;
        const source = p * AT, target = nd * AT;
        for (let j = 0; j < AT; j++) local[target + j] = states.detState[source + j];
        nd++;
      }
      for (let a = 0; a < A; a++) {
        const npig = regularGt[k * A + a];
        // No evaluated image (no GT and no detection) or no regular GT: precision and recall stay -1.
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          // Ignored detections repeat the previous (recall, precision) pair; leaving them out changes
          // neither the envelope nor what searchsorted finds, so only counted detections are listed.
          const column = a * T + t;
          let tp = 0, fp = 0, n = 0;
          for (let i = 0; i < nd; i++) {
            const state = local[i * AT + column];
            if (state === TRUE_POSITIVE) tp++;
            else if (state === FALSE_POSITIVE) fp++;
            else continue;
            rc[n] = tp / npig;
            pr[n] = tp / (fp + tp + EPS);
            n++;
          }
          recall[((t * K + k) * A + a) * M + m] = n > 0 ? rc[n - 1] : 0;
          // Precision envelope: make it monotone from the right.
          for (let i = n - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
          // np.searchsorted(rc, recThrs, side='left'); past the last recall the precision stays 0.
          let i = 0;
          for (let r = 0; r < R; r++) {
            const threshold = recallThresholds[r];
            while (i < n && rc[i] < threshold) i++;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = i < n ? pr[i] : 0;
          }
        }
      }
    }
  }
  return { T, R, K, A, M, precision, recall };
}
