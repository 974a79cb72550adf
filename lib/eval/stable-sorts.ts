// Stable sorts of index lists without comparators (the hot sorts of 500k detections): LSD radix on the
// score's IEEE bits, counting sort on small integer keys. Stability is what makes them reproduce
// numpy's mergesort tie order: ties keep the order of the input list.

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Reorders `order` (indices into `score`) by descending score, ties kept in input order — as
 * np.argsort(-score, kind='mergesort') over the listed items. -0 and 0 tie, as numpy compares them.
 */
export function stableSortByScoreDescending(order: Int32Array, score: Float64Array): Int32Array {
  return sortByScoreDescending(order, score, null).sorted;
}

/** Dense score ranks: rank[i] for every listed item i, 0 for the highest score, equal for tied scores. */
export interface ScoreRanks {
  sorted: Int32Array;
  rank: Int32Array;
  /** Number of distinct scores: ranks are 0 .. distinct - 1. */
  distinct: number;
}

/**
 * stableSortByScoreDescending, also ranking the scores (rank written for each listed item, into an
 * array as long as `score`), so later stable sorts of any subset by score can be counting sorts:
 * stableSortByKey(subset, rank, distinct) orders exactly as stableSortByScoreDescending(subset, score).
 */
export function stableSortByScoreDescendingWithRanks(order: Int32Array, score: Float64Array): ScoreRanks {
  return sortByScoreDescending(order, score, new Int32Array(score.length)) as ScoreRanks;
}

function sortByScoreDescending(
  order: Int32Array,
  score: Float64Array,
  rank: Int32Array | null,
): { sorted: Int32Array; rank: Int32Array | null; distinct: number } {
  const n = order.length;
  if (n < 2) {
    if (rank && n === 1) rank[order[0]] = 0;
    return { sorted: order.slice(), rank, distinct: n };
  }
  // Map each double to an unsigned 64-bit key (hi, lo) increasing with the number, then invert for
  // descending. The four 16-bit digit histograms are counted in the same pass.
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = score[order[i]] + 0;
  const words32 = new Uint32Array(bits.buffer);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  const little = littleEndian ? 1 : 0;
  const counts = new Int32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let h = words32[2 * i + little];
    let l = words32[2 * i + 1 - little];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    h = ~h >>> 0;
    l = ~l >>> 0;
    hi[i] = h;
    lo[i] = l;
    counts[l & 0xffff]++;
    counts[65536 + (l >>> 16)]++;
    counts[131072 + (h & 0xffff)]++;
    counts[196608 + (h >>> 16)]++;
  }
  // Four 16-bit LSD passes. The keys travel with the items so every pass reads them in sequence
  // instead of gathering them through the permutation; a digit shared by all items is skipped.
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Int32Array(n);
  let hiNext = new Uint32Array(n);
  let loNext = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let sum = 0;
    let allSame = false;
    for (let b = 0; b < 65536; b++) {
      const c = counts[base + b];
      if (c === n) allSame = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (allSame) continue;
    const shift = (pass & 1) * 16;
    if (pass < 2) {
      for (let i = 0; i < n; i++) {
        const l = lo[i];
        const at = counts[base + ((l >>> shift) & 0xffff)]++;
        dst[at] = src[i];
        loNext[at] = l;
        hiNext[at] = hi[i];
      }
      const swap = lo;
      lo = loNext;
      loNext = swap;
    } else {
      for (let i = 0; i < n; i++) {
        const h = hi[i];
        const at = counts[base + ((h >>> shift) & 0xffff)]++;
        dst[at] = src[i];
        hiNext[at] = h;
      }
    }
    const swapHi = hi;
    hi = hiNext;
    hiNext = swapHi;
    const swap = src;
    src = dst;
    dst = swap;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = order[src[i]];
  let distinct = 0;
  if (rank) {
    // Ties are equal keys, i.e. equal bits of score + 0 (the words the keys were made from).
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        const a = 2 * src[i],
          b = 2 * src[i - 1];
        if (words32[a] !== words32[b] || words32[a + 1] !== words32[b + 1]) r++;
      }
      rank[out[i]] = r;
    }
    distinct = r + 1;
  }
  return { sorted: out, rank, distinct };
}

/** Reorders `order` by ascending key[order[i]] (integers in [0, keyCount)), ties kept in input order. */
export function stableSortByKey(order: Int32Array, key: Int32Array, keyCount: number): Int32Array {
  const counts = new Int32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) counts[key[order[i]] + 1]++;
  for (let k = 0; k < keyCount; k++) counts[k + 1] += counts[k];
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[counts[key[order[i]]]++] = order[i];
  return out;
}
