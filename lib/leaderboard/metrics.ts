/** The average-precision half of COCOeval.stats (stats[0..5]). */
export const AP_METRIC_KEYS = ["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge"] as const;

/** COCO's twelve summary metrics, in the order of COCOeval.stats, as stored in Score/ClassScore columns. */
export const METRIC_KEYS = [...AP_METRIC_KEYS, "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge"] as const;

/** The columns some protocols add: LVIS's frequency groups (APr, APc, APf) and mIoU from instances. */
export const EXTRA_METRIC_KEYS = ["apRare", "apCommon", "apFrequent", "miou"] as const;

export const ALL_METRIC_KEYS = [...METRIC_KEYS, ...EXTRA_METRIC_KEYS] as const;

export type MetricKey = (typeof ALL_METRIC_KEYS)[number];
export type ExtraMetricKey = (typeof EXTRA_METRIC_KEYS)[number];
export type Metrics = Record<(typeof METRIC_KEYS)[number], number | null> & Partial<Record<ExtraMetricKey, number | null>>;

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
  apRare: "APr",
  apCommon: "APc",
  apFrequent: "APf",
  miou: "mIoU",
};

/** COCOeval reports -1 where a metric is undefined (no ground truth); we carry that as null, never as 0. */
export function definedOrNull(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return null;
  return value;
}

/** A Score row's metrics; the extra columns only when the row has them (null in the database: not computed). */
export function metricsFromRow(
  row: Record<(typeof METRIC_KEYS)[number], number> & Partial<Record<ExtraMetricKey, number | null>>,
): Metrics {
  const out = {} as Metrics;
  for (const key of METRIC_KEYS) out[key] = definedOrNull(Number(row[key]));
  for (const key of EXTRA_METRIC_KEYS) {
    const v = row[key];
    if (v !== null && v !== undefined) out[key] = definedOrNull(Number(v));
  }
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

/** The protocol facts that decide which summary metrics exist (EvalConfig / COCOeval params). */
export type MetricProtocol = {
  iouThresholds: readonly number[];
  maxDets: readonly number[];
  areaRanges: readonly { name: string }[];
  /** The metric family (COCO when absent): LVIS families add APr, APc, APf and name AR after their limit. */
  metric?: "COCO" | "LVIS" | "LVIS_FIXED";
  /** Set when the protocol shows mIoU as a secondary column. */
  miouScoreThreshold?: number | null;
};

const isLvis = (p: MetricProtocol) => p.metric === "LVIS" || p.metric === "LVIS_FIXED";

/** The extra columns a protocol defines, in column order. */
export function extraMetricKeys(p: MetricProtocol): ExtraMetricKey[] {
  const keys: ExtraMetricKey[] = isLvis(p) ? ["apRare", "apCommon", "apFrequent"] : [];
  if (p.miouScoreThreshold !== null && p.miouScoreThreshold !== undefined) keys.push("miou");
  return keys;
}

/** A metric's column label: as METRIC_LABELS, but an LVIS family's AR is "AR" (LVISEval's AR@300 or AR@10000/cat). */
export function metricLabel(key: MetricKey, p: MetricProtocol): string {
  return key === "ar1" && isLvis(p) ? "AR" : METRIC_LABELS[key];
}

const hasThreshold = (p: MetricProtocol, t: number) => p.iouThresholds.some((x) => Math.abs(x - t) < 1e-12);
const hasArea = (p: MetricProtocol, name: string) => p.areaRanges.some((a) => a.name === name);

/**
 * The summary metrics a protocol defines (COCOeval's summarize reports -1 for the others): AP50 and
 * AP75 need those thresholds, APs/APm/APl and ARs/ARm/ARl the named area ranges, AR1/AR10/AR100 the
 * first, second and third maxDets. With a single threshold AP50 or AP75 would repeat AP: left out.
 */
export function definedMetricKeys(p: MetricProtocol): Set<MetricKey> {
  const single = p.iouThresholds.length === 1;
  const keys = new Set<MetricKey>(["ap"]);
  if (hasThreshold(p, 0.5) && !single) keys.add("ap50");
  if (hasThreshold(p, 0.75) && !single) keys.add("ap75");
  if (hasArea(p, "small")) keys.add("apSmall").add("arSmall");
  if (hasArea(p, "medium")) keys.add("apMedium").add("arMedium");
  if (hasArea(p, "large")) keys.add("apLarge").add("arLarge");
  (["ar1", "ar10", "ar100"] as const).forEach((k, i) => {
    if (i < p.maxDets.length) keys.add(k);
  });
  for (const k of extraMetricKeys(p)) keys.add(k);
  return keys;
}

/** "AR with up to 100 detections per image": AR1/AR10/AR100 are named after COCO's defaults, whatever maxDets says. */
export function describeMetric(key: MetricKey, p: MetricProtocol): string {
  const last = p.maxDets[p.maxDets.length - 1];
  const lvisLimit = p.metric === "LVIS_FIXED" ? `up to ${last} detections per class` : `up to ${last} detections per image`;
  if (isLvis(p) && key === "ap") return `LVIS federated AP averaged over the 10 IoU thresholds (${lvisLimit})`;
  if (isLvis(p) && key === "ar1") return `LVIS average recall (AR@${p.metric === "LVIS_FIXED" ? `${last}/cat` : last})`;
  const thresholds = p.iouThresholds.length === 1 ? `IoU ${p.iouThresholds[0].toFixed(2)}` : `the ${p.iouThresholds.length} IoU thresholds`;
  switch (key) {
    case "ap":
      return `AP averaged over ${thresholds} (all areas, up to ${last} detections per image)`;
    case "ap50":
      return "AP at IoU 0.50";
    case "ap75":
      return "AP at IoU 0.75";
    case "apSmall":
    case "apMedium":
    case "apLarge":
      return `AP of ${key.slice(2).toLowerCase()} objects`;
    case "ar1":
    case "ar10":
    case "ar100":
      return `Average recall with up to ${p.maxDets[["ar1", "ar10", "ar100"].indexOf(key)]} detections per image`;
    case "apRare":
      return "AP of the rare classes (LVIS frequency r: in 1-10 training images)";
    case "apCommon":
      return "AP of the common classes (LVIS frequency c: in 11-100 training images)";
    case "apFrequent":
      return "AP of the frequent classes (LVIS frequency f: in more than 100 training images)";
    case "miou":
      return `mIoU from instances: per class, the pixels of the detections scoring at least ${p.miouScoreThreshold ?? 0.5} against the ground truth's, over all images; the mean over classes (does not rank)`;
    default:
      return `Average recall of ${key.slice(2).toLowerCase()} objects`;
  }
}

/** The page's metrics glossary: every metric the protocol defines, its column label and its meaning. */
export function metricGlossary(p: MetricProtocol): { key: MetricKey; label: string; text: string }[] {
  const defined = definedMetricKeys(p);
  return ALL_METRIC_KEYS.filter((k) => defined.has(k)).map((key) => ({ key, label: metricLabel(key, p), text: describeMetric(key, p) }));
}

/** COCOeval's 12 stats by name ({"AP": 0.41, "AP50": 0.62, ...}), undefined ones (-1) as null. */
export function namedStats(stats: readonly number[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  METRIC_KEYS.forEach((key, i) => (out[METRIC_LABELS[key]] = definedOrNull(stats[i])));
  return out;
}

/** COCO's default protocol, for phases without an evaluation config yet. */
export const COCO_METRIC_PROTOCOL: MetricProtocol = {
  iouThresholds: Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i),
  maxDets: [1, 10, 100],
  areaRanges: [{ name: "all" }, { name: "small" }, { name: "medium" }, { name: "large" }],
};
