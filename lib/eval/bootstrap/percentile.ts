// Percentile intervals over bootstrap replicates, and the paired comparison of two submissions
// replicated with the same draws (semantics: docs/statistics.md).

/**
 * numpy.quantile(sorted, q, method="linear") of ascending values: virtual index h = (n - 1) * q, then
 * numpy's _lerp between the neighbours (from the upper one when the fraction is >= 0.5).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const below = Math.min(n - 1, Math.max(0, Math.floor(h)));
  const above = Math.min(n - 1, below + 1);
  const t = h - below;
  const a = sorted[below],
    b = sorted[above];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The lower tail (1 - level) / 2, rounded to 12 decimals: level 0.95 gives exactly 0.025 (1 - 0.95 is
 * 0.05000000000000004 in floating point), so the bounds are np.quantile(x, [0.025, 0.975]).
 */
export function lowerTail(level: number): number {
  return Math.round(((1 - level) / 2) * 1e12) / 1e12;
}

function ascending(values: ArrayLike<number>, keep: (i: number) => boolean): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (keep(i)) out.push(values[i]);
  return Float64Array.from(out).sort();
}

/**
 * The two-sided percentile interval at `level` (e.g. 0.95: the 2.5% and 97.5% quantiles) of a stat's
 * replicates. Replicates where the stat is undefined (-1: nothing of that kind was drawn) are left out;
 * null when none is defined.
 */
export function percentileInterval(replicates: ArrayLike<number>, level: number): [number, number] | null {
  const sorted = ascending(replicates, (i) => replicates[i] > -1);
  if (sorted.length === 0) return null;
  const tail = lowerTail(level);
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/** Column `stat` of a replicates x width matrix (e.g. ReplicateStats.stats with width 12). */
export function column(matrix: ArrayLike<number>, width: number, stat: number): Float64Array {
  const out = new Float64Array(Math.floor(matrix.length / width));
  for (let b = 0; b < out.length; b++) out[b] = matrix[b * width + stat];
  return out;
}

export interface PairedComparison {
  /** Point estimate of first - second. */
  delta: number;
  /** Percentile interval of the replicate differences, or null when no replicate defines both. */
  ci: [number, number] | null;
  /** Share of the replicates (defining both) in which the first scores strictly higher. */
  fractionBetter: number | null;
  /** Replicates defining both. */
  replicates: number;
}

/** Differences first[b] - second[b] over the replicates where both are defined (> -1). */
export function pairedDifferences(first: ArrayLike<number>, second: ArrayLike<number>): Float64Array {
  if (first.length !== second.length) throw new RangeError("paired replicates must come from the same draws (same count)");
  const out: number[] = [];
  for (let b = 0; b < first.length; b++) if (first[b] > -1 && second[b] > -1) out.push(first[b] - second[b]);
  return Float64Array.from(out);
}

/** Paired comparison of two submissions' replicates of one stat, drawn with the same multiplicities. */
export function pairedComparison(
  first: { point: number; replicates: ArrayLike<number> },
  second: { point: number; replicates: ArrayLike<number> },
  level: number,
): PairedComparison {
  const differences = pairedDifferences(first.replicates, second.replicates);
  const sorted = Float64Array.from(differences).sort();
  const tail = lowerTail(level);
  let better = 0;
  for (const d of differences) if (d > 0) better++;
  return {
    delta: first.point - second.point,
    ci: sorted.length === 0 ? null : [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)],
    fractionBetter: sorted.length === 0 ? null : better / sorted.length,
    replicates: sorted.length,
  };
}

/**
 * The one-sided lower bound at `level` of the paired differences (their 1 - level quantile): the
 * first beats the second at that level when it is > 0. Null when no replicate defines both.
 */
export function pairedLowerBound(first: ArrayLike<number>, second: ArrayLike<number>, level: number): number | null {
  const sorted = pairedDifferences(first, second).sort();
  return sorted.length === 0 ? null : quantileSorted(sorted, 2 * lowerTail(level));
}
