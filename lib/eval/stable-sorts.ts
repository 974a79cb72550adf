// Stable sorts of index lists without comparators (the hot sorts of 500k detections): LSD radix on the
// score's IEEE bits, counting sort on small integer keys. Stability is what makes them reproduce
// numpy's mergesort tie order: ties keep the order of the input list.

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Reorders `order` (indices into `score`) by descending score, ties kept in input order — as
 * np.argsort(-score, kind='mergesort') over the listed items. -0 and 0 tie, as numpy compares them.
 */
export function stableSortByScoreDescending(order: Int32Array, score: Float64Array): Int32Array {
  const n = order.length;
  if (n < 2) return order.slice();
  // Map each double to an unsigned 64-bit key (hi, lo) increasing with the number, then invert for descending.
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = score[order[i]] + 0;
  const words32 = new Uint32Array(bits.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const little = littleEndian ? 1 : 0;
  for (let i = 0; i < n; i++) {
    let h = words32[2 * i + little];
    let l = words32[2 * i + 1 - little];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = ~h >>> 0;
    lo[i] = ~l >>> 0;
  }
  let src = Int32Array.from({ length: n }, (_, i) => i);
  let dst = new Int32Array(n);
  const counts = new Int32Array(65536 + 1);
  // Four 16-bit passes, least significant first.
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((words[src[i]] >>> shift) & 0xffff) + 1]++;
    let allSame = false;
    for (let b = 0; b < 65536; b++) {
      if (counts[b + 1] === n) allSame = true;
      counts[b + 1] += counts[b];
    }
    if (allSame) continue;
    for (let i = 0; i < n; i++) {
      const item = src[i];
      dst[counts[(words[item] >>> shift) & 0xffff]++] = item;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = order[src[i]];
  return out;
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
