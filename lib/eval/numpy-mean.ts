// np.mean over a 1-D float64 array, bit for bit: numpy sums with pairwise summation
// (8 accumulators in blocks of up to 128 values, halving above that) inside chunks of the reduction
// iterator's buffer size, then divides by the count.
//
// Self-contained on purpose — no imports, no module-level constants: the bootstrap's helper thread
// runs the source text of these three functions (lib/eval/bootstrap/replicate-thread.ts).
//   128  numpy's PW_BLOCKSIZE: pairwise summation unrolls blocks of up to 128 values
//   8192 numpy's reduction buffer size: the iterator hands the inner loop at most this many values

export function pairwiseSum(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i];
    return sum;
  }
  if (n <= 128) {
    let r0 = values[start],
      r1 = values[start + 1],
      r2 = values[start + 2],
      r3 = values[start + 3];
    let r4 = values[start + 4],
      r5 = values[start + 5],
      r6 = values[start + 6],
      r7 = values[start + 7];
    const unrolledEnd = n - (n % 8);
    let i = 8;
    for (; i < unrolledEnd; i += 8) {
      const p = start + i;
      r0 += values[p];
      r1 += values[p + 1];
      r2 += values[p + 2];
      r3 += values[p + 3];
      r4 += values[p + 4];
      r5 += values[p + 5];
      r6 += values[p + 6];
      r7 += values[p + 7];
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/**
 * numpy's float64 sum of the first `n` values: starting from the identity 0.0, each chunk of up to 8192
 * values is summed pairwise and added to the running total.
 */
export function numpySum(values: ArrayLike<number>, n = values.length): number {
  let sum = 0;
  for (let start = 0; start < n; start += 8192) sum += pairwiseSum(values, start, Math.min(8192, n - start));
  return sum;
}

/** np.mean of the first `n` values; NaN for n = 0 as numpy (callers return -1 before that). */
export function numpyMean(values: ArrayLike<number>, n = values.length): number {
  return numpySum(values, n) / n;
}
