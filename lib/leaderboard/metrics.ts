/** The average-precision half of COCOeval.stats (stats[0..5]). */
export const AP_METRIC_KEYS = ["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge"] as const;

/** COCO's twelve summary metrics, in the order of COCOeval.stats, as stored in Score/ClassScore columns. */
export const METRIC_KEYS = [...AP_METRIC_KEYS, "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge"] as const;

export type MetricKey = (typeof METRIC_KEYS)[number];
export type Metrics = Record<MetricKey, number | null>;

export const METRIC_LABELS: Record<MetricKey, string> = {
  ap: "AP",
  ap50: "AP50",
  ap75: "AP75",
  apSmall: "APs",
  apMedium: "APm",
  apLarge: "APl",
  ar1: "AR1",
  ar10: "AR10",
  ar100: "AR100",
  arSmall: "ARs",
  arMedium: "ARm",
  arLarge: "ARl",
};

/** COCOeval reports -1 where a metric is undefined (no ground truth); we carry that as null, never as 0. */
export function definedOrNull(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return null;
  return value;
}

export function metricsFromRow(row: Record<MetricKey, number>): Metrics {
  const out = {} as Metrics;
  for (const key of METRIC_KEYS) out[key] = definedOrNull(Number(row[key]));
  return out;
}

/** "AP" / "AP50" / ... / "class:<cocoId>" as stored in EvalConfig.primaryMetric. */
export function describePrimaryMetric(primaryMetric: string, classNames: Map<number, string>): string {
  const match = /^class:(-?\d+)$/.exec(primaryMetric);
  if (match) {
    const cocoId = Number(match[1]);
    return `AP of class ${classNames.get(cocoId) ?? cocoId}`;
  }
  return primaryMetric;
}

/** Display with three decimals as COCO prints, or an em dash for an undefined value. */
export function formatMetric(value: number | null | undefined): string {
  const v = definedOrNull(value);
  return v === null ? "—" : v.toFixed(3);
}
