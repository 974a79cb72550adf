// The numbers the platform keeps of a bootstrap (docs/statistics.md): the percentile intervals of the
// 12 stats (and of every class's AP), and the replicates of the primary metric, as bytes for the
// database. Pure: the worker computes them, the leaderboard and the CLI read them.
import { column, percentileInterval, type ReplicateStats } from "@/lib/eval/bootstrap";

/** The 12 stats in COCO's order, named as Score's columns and the CLI's JSON. */
export const STAT_KEYS = [
  "ap",
  "ap50",
  "ap75",
  "apSmall",
  "apMedium",
  "apLarge",
  "ar1",
  "ar10",
  "ar100",
  "arSmall",
  "arMedium",
  "arLarge",
] as const;
export type StatKey = (typeof STAT_KEYS)[number];
export type Interval = [number, number] | null;

/** What ScoreStatistics.intervals holds. */
export type StoredIntervals = {
  stats: Record<StatKey, Interval>;
  /** AP of each class (COCO category id), present when the evaluation is per class. */
  perClass: Record<string, { ap: Interval }>;
};

/** The percentile intervals of the 12 stats at `level`. */
export function statIntervals(stats: ArrayLike<number>, level: number): Record<StatKey, Interval> {
  return Object.fromEntries(STAT_KEYS.map((key, i) => [key, percentileInterval(column(stats, 12, i), level)])) as Record<StatKey, Interval>;
}

/** Column `stat` of category index k in ReplicateStats.perClass (replicate b at (b * categories + k) * 12). */
export function classColumn(replicates: ReplicateStats, k: number, stat = 0): Float64Array {
  const out = new Float64Array(replicates.replicates);
  const perClass = replicates.perClass;
  if (!perClass) return out.fill(-1);
  for (let b = 0; b < out.length; b++) out[b] = perClass[(b * replicates.categories + k) * 12 + stat];
  return out;
}

export function storedIntervals(replicates: ReplicateStats, categoryIds: readonly number[], level: number): StoredIntervals {
  const perClass: StoredIntervals["perClass"] = {};
  if (replicates.perClass) {
    categoryIds.forEach((id, k) => (perClass[String(id)] = { ap: percentileInterval(classColumn(replicates, k), level) }));
  }
  return { stats: statIntervals(replicates.stats, level), perClass };
}

const SUMMARY_NAMES = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];

/** The primary metric ("AP" .. "ARl", or "class:<cocoId>": that class's AP) in every replicate. */
export function primaryReplicates(primaryMetric: string, replicates: ReplicateStats, categoryIds: readonly number[]): Float64Array {
  const classMatch = /^class:(-?\d+)$/.exec(primaryMetric);
  if (classMatch) {
    const k = categoryIds.indexOf(Number(classMatch[1]));
    return k < 0 ? new Float64Array(replicates.replicates).fill(-1) : classColumn(replicates, k);
  }
  const index = SUMMARY_NAMES.indexOf(primaryMetric);
  if (index < 0) throw new RangeError(`unknown primary metric "${primaryMetric}"`);
  return column(replicates.stats, 12, index);
}

/** Float64 values as little-endian bytes (what a Bytes column stores). */
export function float64Bytes(values: Float64Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return out;
}

export function bytesFloat64(bytes: Uint8Array): Float64Array {
  if (bytes.length % 8 !== 0) throw new RangeError(`${bytes.length} bytes are not a list of Float64 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}
