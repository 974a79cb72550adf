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
 * envelope is decided by the true positives too. For each (area range a, IoU threshold t), slot
 * j = a * T + t, it records for the n-th true positive the false positives ranked above it:
 * fpAtTp[rowStart[j] + n], n <= npig of that area range. One pass over the ranked detections reads
 * each detection's A * T states where they lie (contiguous), for all slots at once.
 */
class TruePositiveScan {
  tp: Int32Array;
  fp: Int32Array;
  rowStart: Int32Array;
  rowCapacity: Int32Array;
  fpAtTp: Int32Array;
  constructor(slots: number, maxRegular: number) {
    this.tp = new Int32Array(slots);
    this.fp = new Int32Array(slots);
    this.rowStart = new Int32Array(slots);
    this.rowCapacity = new Int32Array(slots);
    this.fpAtTp = new Int32Array(slots * (maxRegular + 1));
  }
  /** npigOf(a): the regular GT count of area range a; rows are sized by it. */
  reset(A: number, T: number, npigOf: (a: number) => number): void {
    this.tp.fill(0);
    this.fp.fill(0);
    let offset = 0;
    for (let a = 0; a < A; a++) {
      const npig = npigOf(a);
      for (let t = 0; t < T; t++) {
        this.rowStart[a * T + t] = offset;
        this.rowCapacity[a * T + t] = npig;
        offset += npig + 1;
      }
    }
  }
  /** Adds one detection: its states for every slot at detState[base .. base + slots). */
  add(detState: Uint8Array, base: number, slots: number): void {
    const { tp, fp, fpAtTp, rowStart, rowCapacity } = this;
    for (let j = 0; j < slots; j++) {
      const state = detState[base + j];
      // Ignored detections repeat the previous (recall, precision) pair and change nothing.
      if (state === TP) {
        const n = ++tp[j];
        if (n <= rowCapacity[j]) fpAtTp[rowStart[j] + n] = fp[j];
      } else if (state === FP) fp[j]++;
    }
  }
}

function copyMaxDetSlot(
  precision: Float64Array,
  recall: Float64Array,
  dims: Omit<Accumulated, "precision" | "recall">,
  k: number,
  from: number,
  to: number,
): void {
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
  const T = states.thresholds,
    A = states.areas,
    K = lists.classes,
    M = maxDets.length,
    R = recallThresholds.length;
  const AT = A * T;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  let maxRegular = 0;
  for (let i = 0; i < regularGt.length; i++) maxRegular = Math.max(maxRegular, regularGt[i]);
  const scan = new TruePositiveScan(AT, maxRegular);
  const prAtTp = new Float64Array(maxRegular + 1);
  const detState = states.detState;

  for (let k = 0; k < K; k++) {
    const from = lists.start[k],
      to = lists.start[k + 1];
    let previousCount = -1;
    for (let m = M - 1; m >= 0; m--) {
      // e['dtScores'][0:maxDet] per image, restricted to the split's images. maxDets ascend, so a
      // smaller cut selecting as many detections selects the same ones: copy the larger cut's numbers.
      const maxDet = maxDets[m];
      let count = 0;
      for (let i = from; i < to; i++) {
        const p = lists.positions[i];
        if (inSplit[positionImage[p]] === 1 && positionRank[p] < maxDet) count++;
      }
      if (count === previousCount) {
        copyMaxDetSlot(precision, recall, { T, R, K, A, M }, k, m + 1, m);
        continue;
      }
      previousCount = count;
      scan.reset(A, T, (a) => regularGt[k * A + a]);
      for (let i = from; i < to; i++) {
        const p = lists.positions[i];
        if (inSplit[positionImage[p]] !== 1 || positionRank[p] >= maxDet) continue;
        scan.add(detState, p * AT, AT);
      }
      for (let a = 0; a < A; a++) {
        const npig = regularGt[k * A + a];
        // No evaluated image (no GT and no detection) or no regular GT: precision and recall stay -1.
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          const truePositives = scan.tp[a * T + t];
          recall[((t * K + k) * A + a) * M + m] = truePositives / npig;
          const fpAt = scan.rowStart[a * T + t];
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
