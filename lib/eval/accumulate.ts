import { FALSE_POSITIVE, TRUE_POSITIVE, type MatchStates } from "./match-image";

// Local copies: an imported binding may be read through a getter on every access in hot loops
// (tsx/vitest module transforms), which costs more than the loop itself.
const TP: number = TRUE_POSITIVE;
const FP: number = FALSE_POSITIVE;

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

/**
 * The cumulative counts accumulate needs, without a division per detection. Recall changes only at
 * true positives, so searchsorted always lands on one (or on index 0, whose enveloped precision is the
 * first true positive's); and for a fixed tp, tp / (fp + tp + eps) only falls as fp grows, so the
 * envelope is decided by the true positives too. Per IoU threshold it records, for the j-th true
 * positive, the false positives ranked above it: fpAtTp[t * (npig + 1) + j].
 */
class TruePositiveScan {
  tp: Int32Array;
  fp: Int32Array;
  fpAtTp: Int32Array;
  constructor(thresholds: number, maxRegular: number) {
    this.tp = new Int32Array(thresholds);
    this.fp = new Int32Array(thresholds);
    this.fpAtTp = new Int32Array(thresholds * (maxRegular + 1));
  }
  count(states: Uint8Array, detections: number, stride: number, offset: number, thresholds: number, npig: number): void {
    const { tp, fp, fpAtTp } = this;
    tp.fill(0);
    fp.fill(0);
    const row = npig + 1;
    for (let i = 0; i < detections; i++) {
      const base = i * stride + offset;
      for (let t = 0; t < thresholds; t++) {
        const state = states[base + t];
        // Ignored detections repeat the previous (recall, precision) pair and change nothing.
        if (state === TP) fpAtTp[t * row + ++tp[t]] = fp[t];
        else if (state === FP) fp[t]++;
      }
    }
  }
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
  let maxRegular = 0;
  for (let i = 0; i < regularGt.length; i++) maxRegular = Math.max(maxRegular, regularGt[i]);
  const scan = new TruePositiveScan(T, maxRegular);
  const prAtTp = new Float64Array(maxRegular + 1);

  for (let k = 0; k < K; k++) {
    const from = lists.start[k], to = lists.start[k + 1];
    if (local.length < (to - from) * AT) local = new Uint8Array((to - from) * AT);
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
        scan.count(local, nd, AT, a * T, T, npig);
        for (let t = 0; t < T; t++) {
          const truePositives = scan.tp[t];
          recall[((t * K + k) * A + a) * M + m] = truePositives / npig;
          const fpAt = t * (npig + 1);
          for (let j = 1; j <= truePositives; j++) prAtTp[j] = j / (scan.fpAtTp[fpAt + j] + j + EPS);
          // Precision envelope: make it monotone from the right.
          for (let j = truePositives; j > 1; j--) if (prAtTp[j] > prAtTp[j - 1]) prAtTp[j - 1] = prAtTp[j];
          // np.searchsorted(rc, recThrs, side='left'); past the last recall the precision stays 0.
          let j = 1;
          for (let r = 0; r < R; r++) {
            const threshold = recallThresholds[r];
            while (j <= truePositives && j / npig < threshold) j++;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = j <= truePositives ? prAtTp[j] : 0;
          }
        }
      }
    }
  }
  return { T, R, K, A, M, precision, recall };
}
