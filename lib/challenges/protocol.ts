// The evaluation protocol an organizer configures: presets, the input schema shared by the
// form, the API and the YAML file, and the conversion to the evaluator's EvalParams.
// No server-only import: the protocol form renders the presets too.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { COCO_AREA_RANGES as EVAL_COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, DEFAULT_DILATION_RATIO } from "@/lib/eval/params";
import { DEFAULT_MIOU_SCORE_THRESHOLD } from "@/lib/eval/miou";
import { LVIS_FIXED_MAX_DETS_PER_CATEGORY, LVIS_MAX_DETS_PER_IMAGE } from "@/lib/eval/lvis/evaluate";

export const IOU_PRESETS = {
  coco: { label: "COCO (0.50:0.05:0.95)", thresholds: COCO_IOU_THRESHOLDS },
  pascal: { label: "PASCAL VOC style (0.50)", thresholds: [0.5] },
  strict: { label: "Strict (0.75)", thresholds: [0.75] },
} as const;
export type IouPreset = keyof typeof IOU_PRESETS;

export type AreaRange = { name: string; range: [number, number] };
export const COCO_AREA_RANGES: AreaRange[] = EVAL_COCO_AREA_RANGES.map((a) => ({ name: a.name, range: [a.range[0], a.range[1]] }));
export const DEFAULT_MAX_DETS = [1, 10, 100];
export const DEFAULT_RECALL_POINTS = 101;

/** The summary metrics in COCO's stats order; any of them, or "class:<cocoId>", ranks a phase. */
export const SUMMARY_METRICS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

/**
 * The metric families a phase can be scored with. "coco" is COCOeval: COCO AP with iouType segm or
 * bbox, Boundary AP with iouType boundary. "lvis" is LVISEval's federated AP (segm, bbox or boundary;
 * 300 detections per image); "lvis-fixed" its Fixed AP (challenge2021: boundary IoU, 10,000
 * detections per category). The LVIS families fix thresholds, maxDets, area ranges and averaging.
 */
export const METRIC_FAMILIES = ["coco", "lvis", "lvis-fixed"] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];
export const METRIC_FAMILY_LABELS: Record<MetricFamily, string> = {
  coco: "COCO AP (COCOeval; Boundary AP with IoU type boundary)",
  lvis: "LVIS AP (federated: APr, APc, APf; 300 detections per image)",
  "lvis-fixed": "LVIS Fixed AP (2021 challenge: boundary IoU, 10,000 detections per class)",
};
export const isLvisFamily = (metric: MetricFamily) => metric !== "coco";

/** LVISEval's summary keys, AR for its AR@300 (AR@10000/cat in lvis-fixed); any of them, or class:<id>, ranks an LVIS phase. */
export const LVIS_SUMMARY_METRICS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "APr", "APc", "APf", "AR", "ARs", "ARm", "ARl"] as const;

/** The metrics that may rank a phase of this family (besides class:<id>). */
export function summaryMetricsOf(metric: MetricFamily): readonly string[] {
  return isLvisFamily(metric) ? LVIS_SUMMARY_METRICS : SUMMARY_METRICS;
}

export const IOU_TYPES = ["segm", "bbox", "boundary"] as const;
export type ProtocolIouType = (typeof IOU_TYPES)[number];

export const CLASS_AVERAGING_EXPLAINED = {
  macro: "Macro (COCO): AP is computed per class and then averaged, so every class counts equally however many objects it has.",
  micro: "Micro: detections of all classes are pooled before computing AP, so every object counts equally and frequent classes weigh more.",
} as const;

const CLASS_METRIC = /^class:(\d+)$/;

/** Upper bounds on a protocol: every threshold, area range and maxDets value multiplies evaluation work. */
export const MAX_IOU_THRESHOLDS = 100;
export const MAX_AREA_RANGES = 10;
export const MAX_MAX_DETS = 10_000;

const threshold = z.number().superRefine((value, ctx) => {
  if (!(value > 0 && value <= 1)) ctx.addIssue({ code: "custom", message: `${value} is not in (0, 1]` });
});

const areaBound = z.number().min(0, "an area bound must be >= 0");
const areaPair = z
  .tuple([areaBound, areaBound], { error: "an area range is a pair [min, max] of pixel areas" })
  .refine(([lo, hi]) => lo < hi, { message: "the minimum must be below the maximum" });

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A YAML/JSON map { all: [0, 1e10], ... } or a list of { name, range }; normalized to the list. */
const areaRangesInput = z.preprocess(
  (v) => (isPlainObject(v) ? Object.entries(v).map(([name, range]) => ({ name, range })) : v),
  z
    .array(z.object({ name: z.string().min(1, "an area range needs a name"), range: areaPair }).strict())
    .min(1, 'give at least the area range "all"')
    .max(MAX_AREA_RANGES, `give at most ${MAX_AREA_RANGES} area ranges`),
);

/** A list of thresholds, or a preset name ("coco", "pascal", "strict"). */
const iouThresholdsInput = z.preprocess(
  (v) => (typeof v === "string" && v in IOU_PRESETS ? [...IOU_PRESETS[v as IouPreset].thresholds] : v),
  z
    .array(threshold, { error: "must be a list of IoU thresholds or one of the presets coco, pascal, strict" })
    .min(1, "give at least one IoU threshold")
    .max(MAX_IOU_THRESHOLDS, `give at most ${MAX_IOU_THRESHOLDS} IoU thresholds`),
);

/** Bootstrap settings when an organizer states none (docs/statistics.md). */
export const STATISTICS_DEFAULTS: Statistics = { replicates: 1000, level: 0.95, seed: null, ranking: "point", ladder: "off" };
/** Bounds on what an organizer may ask for: a replicate costs about one accumulation of the split. */
export const MAX_REPLICATES = 10_000;
export const MIN_REPLICATES = 100;

/**
 * The phase's bootstrap (docs/statistics.md): replicates B, the interval level, the seed of the draws
 * (null: derived from the phase and the config version, so every version has its own fixed draws),
 * how the leaderboard ranks (by the point estimate, or in tied groups) and whether the public board
 * is laddered.
 */
export type Statistics = {
  replicates: number;
  level: number;
  seed: number | null;
  ranking: "point" | "groups";
  ladder: "off" | "on";
};

const statisticsInput = z
  .object({
    replicates: z
      .number()
      .int("replicates is a whole number")
      .min(MIN_REPLICATES, `at least ${MIN_REPLICATES} replicates (fewer make the 2.5% quantile a guess)`)
      .max(MAX_REPLICATES, `at most ${MAX_REPLICATES} replicates`)
      .default(STATISTICS_DEFAULTS.replicates),
    level: z
      .number()
      .gt(0.5, "the interval level is a probability in (0.5, 1), e.g. 0.95")
      .lt(1, "the interval level is a probability in (0.5, 1), e.g. 0.95")
      .default(STATISTICS_DEFAULTS.level),
    seed: z
      .number()
      .int("the seed is a whole number")
      .min(0, "the seed is a whole number in [0, 2147483647]")
      .max(2147483647, "the seed is a whole number in [0, 2147483647]")
      .nullable()
      .default(null),
    ranking: z.enum(["point", "groups"], { error: 'ranking is "point" or "groups"' }).default("point"),
    // YAML 1.1 readers turn a bare off/on into booleans: accept those too.
    ladder: z
      .preprocess((v) => (v === true ? "on" : v === false ? "off" : v), z.enum(["off", "on"], { error: 'ladder is "off" or "on"' }))
      .default("off"),
  })
  .strict();

/** mIoU as a secondary column: `{ scoreThreshold }`, `true` for the default threshold, false/null for none. */
const miouInput = z.preprocess(
  (v) => (v === true ? {} : v === false ? null : v),
  z
    .object({
      scoreThreshold: z
        .number({ error: "scoreThreshold is a number: detections scoring at least this are drawn" })
        .min(0, "scoreThreshold must be in [0, 1]")
        .max(1, "scoreThreshold must be in [0, 1]")
        .default(DEFAULT_MIOU_SCORE_THRESHOLD),
    })
    .strict()
    .nullable(),
);

/**
 * What an organizer states; `iouThresholds` also accepts a preset name ("coco", "pascal", "strict").
 * Fields left out take their defaults in toProtocol, which depend on the metric family.
 */
export const evalConfigInputSchema = z
  .object({
    metric: z.enum(METRIC_FAMILIES, { error: `must be one of ${METRIC_FAMILIES.join(", ")}` }).default("coco"),
    iouType: z.enum(IOU_TYPES, { error: `must be one of ${IOU_TYPES.join(", ")}` }).optional(),
    dilationRatio: z
      .number({ error: "dilationRatio is a number: the boundary width as a fraction of the image diagonal" })
      .gt(0, "dilationRatio must be in (0, 1]")
      .max(1, "dilationRatio must be in (0, 1]")
      .optional(),
    iouThresholds: iouThresholdsInput.optional(),
    maxDets: z
      .array(
        z
          .number()
          .int("maxDets are whole numbers")
          .positive("maxDets must be positive")
          .max(MAX_MAX_DETS, `a maxDets value is at most ${MAX_MAX_DETS.toLocaleString("en-US")}`),
      )
      .min(1, "give at least one maxDets value")
      .max(3, "COCO's summary uses at most three maxDets values")
      .optional(),
    areaRanges: areaRangesInput.optional(),
    classAveraging: z.enum(["macro", "micro"]).optional(),
    primaryMetric: z
      .string()
      .refine(
        (m) =>
          (SUMMARY_METRICS as readonly string[]).includes(m) ||
          (LVIS_SUMMARY_METRICS as readonly string[]).includes(m) ||
          CLASS_METRIC.test(m),
        {
          message: `must be one of ${SUMMARY_METRICS.join(", ")}, (LVIS) APr, APc, APf, AR, or class:<categoryId>`,
        },
      )
      .default("AP"),
    statistics: statisticsInput.default({ ...STATISTICS_DEFAULTS }),
    miou: miouInput.optional(),
  })
  .strict();
export type EvalConfigInput = z.input<typeof evalConfigInputSchema>;

/** A protocol in canonical form: what an EvalConfig row stores (enums lower-case here). */
export type Protocol = {
  metric: MetricFamily;
  iouType: ProtocolIouType;
  /** Boundary IoU's width as a fraction of the image diagonal (DEFAULT_DILATION_RATIO unless boundary). */
  dilationRatio: number;
  iouThresholds: number[];
  maxDets: number[];
  areaRanges: AreaRange[];
  classAveraging: "macro" | "micro";
  primaryMetric: string;
  statistics: Statistics;
  /** mIoU from instances as a secondary column, or null. */
  miou: { scoreThreshold: number } | null;
};

/** A protocol whose fields contradict each other; shaped like the API errors (status, code, problems). */
export class ProtocolError extends AppError {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super({ status: 400, code: "invalid_protocol", message, problems: [{ path: path.join("."), message }] });
  }
}

/**
 * A file listing 0.5, 0.55, ..., 0.95 means COCO's linspace values (0.8999999999999999 among them):
 * matching pycocotools bit for bit needs the exact floats, and exported files print them rounded.
 * Other custom lists are kept as written.
 */
function snapToCocoThresholds(thresholds: number[]): number[] {
  const coco = COCO_IOU_THRESHOLDS;
  const isCoco = thresholds.length === coco.length && thresholds.every((t, i) => Math.abs(t - coco[i]) < 1e-9);
  return isCoco ? [...coco] : thresholds;
}

/** The fields LVISEval fixes: the reference has no parameter for them. */
function lvisFixedFields(metric: MetricFamily) {
  return {
    iouThresholds: [...COCO_IOU_THRESHOLDS],
    maxDets: [metric === "lvis-fixed" ? LVIS_FIXED_MAX_DETS_PER_CATEGORY : LVIS_MAX_DETS_PER_IMAGE],
    areaRanges: COCO_AREA_RANGES,
    classAveraging: "macro" as const,
  };
}

/** LVIS families: the fields the reference fixes may be left out or restated, never changed. */
function toLvisProtocol(input: z.output<typeof evalConfigInputSchema>, iouType: ProtocolIouType, dilationRatio: number): Protocol {
  const { metric } = input;
  const fixed = lvisFixedFields(metric);
  const name = metric === "lvis" ? "LVIS AP" : "LVIS Fixed AP";
  if (metric === "lvis-fixed" && iouType !== "boundary")
    throw new ProtocolError(
      `metric lvis-fixed (the 2021 challenge's Fixed AP) always uses boundary IoU; remove iouType or set it to boundary`,
      ["iouType"],
    );
  const restates = (given: unknown, value: unknown) => given === undefined || JSON.stringify(given) === JSON.stringify(value);
  const thresholds = input.iouThresholds && snapToCocoThresholds([...input.iouThresholds].sort((a, b) => a - b));
  if (!restates(thresholds, fixed.iouThresholds))
    throw new ProtocolError(`${name} always uses COCO's IoU thresholds 0.50:0.05:0.95; remove iouThresholds`, ["iouThresholds"]);
  if (!restates(input.maxDets, fixed.maxDets))
    throw new ProtocolError(
      metric === "lvis"
        ? `LVIS AP keeps the top ${LVIS_MAX_DETS_PER_IMAGE} detections per image; remove maxDets (or write [${LVIS_MAX_DETS_PER_IMAGE}])`
        : `LVIS Fixed AP keeps the top ${LVIS_FIXED_MAX_DETS_PER_CATEGORY} detections per category, none per image; remove maxDets (or write [${LVIS_FIXED_MAX_DETS_PER_CATEGORY}])`,
      ["maxDets"],
    );
  if (input.areaRanges && !isCocoAreaRanges(input.areaRanges))
    throw new ProtocolError(`${name} always uses COCO's area ranges (all, small, medium, large); remove areaRanges`, ["areaRanges"]);
  if (!restates(input.classAveraging, "macro"))
    throw new ProtocolError(`${name} averages per class (macro); remove classAveraging`, ["classAveraging"]);
  const m = input.primaryMetric;
  if (!(LVIS_SUMMARY_METRICS as readonly string[]).includes(m) && !CLASS_METRIC.test(m))
    throw new ProtocolError(
      `primaryMetric ${m} is not an ${name} metric: use one of ${LVIS_SUMMARY_METRICS.join(", ")} or class:<categoryId>`,
      ["primaryMetric"],
    );
  return {
    metric,
    iouType,
    dilationRatio,
    ...fixed,
    areaRanges: fixed.areaRanges.map((a) => ({ ...a, range: [...a.range] })),
    primaryMetric: m,
    statistics: { ...input.statistics },
    miou: input.miou ?? null,
  };
}

/** Normalizes parsed input and checks the rules spanning several fields. */
export function toProtocol(input: z.output<typeof evalConfigInputSchema>): Protocol {
  const iouType = input.iouType ?? (input.metric === "lvis-fixed" ? "boundary" : "segm");
  if (input.dilationRatio !== undefined && input.dilationRatio !== DEFAULT_DILATION_RATIO && iouType !== "boundary")
    throw new ProtocolError(
      `dilationRatio sets the width of boundary IoU; it applies to iouType boundary only (this protocol uses ${iouType})`,
      ["dilationRatio"],
    );
  const dilationRatio = input.dilationRatio ?? DEFAULT_DILATION_RATIO;
  if (isLvisFamily(input.metric)) return toLvisProtocol(input, iouType, dilationRatio);

  const iouThresholds = snapToCocoThresholds([...(input.iouThresholds ?? IOU_PRESETS.coco.thresholds)].sort((a, b) => a - b));
  const duplicate = iouThresholds.find((t, i) => i > 0 && t === iouThresholds[i - 1]);
  if (duplicate !== undefined) throw new ProtocolError(`IoU threshold ${duplicate} is listed twice`, ["iouThresholds"]);

  const maxDets = [...(input.maxDets ?? DEFAULT_MAX_DETS)];
  if (maxDets.some((m, i) => i > 0 && m <= maxDets[i - 1]))
    throw new ProtocolError(`maxDets must be strictly increasing, got [${maxDets.join(", ")}]`, ["maxDets"]);

  const areaRanges: AreaRange[] = (input.areaRanges ?? COCO_AREA_RANGES).map((a) => ({
    name: a.name,
    range: [a.range[0], a.range[1]] as [number, number],
  }));
  if (areaRanges[0]?.name !== "all")
    throw new ProtocolError(`the first area range must be "all" (it is the one AP, AP50 and AR are reported on)`, ["areaRanges"]);
  const names = new Set<string>();
  for (const a of areaRanges) {
    if (names.has(a.name)) throw new ProtocolError(`area range "${a.name}" is listed twice`, ["areaRanges"]);
    names.add(a.name);
  }

  const m = input.primaryMetric;
  if (!(SUMMARY_METRICS as readonly string[]).includes(m) && !CLASS_METRIC.test(m))
    throw new ProtocolError(
      `primaryMetric ${m} is an LVIS metric; COCO AP ranks by one of ${SUMMARY_METRICS.join(", ")} or class:<categoryId>`,
      ["primaryMetric"],
    );
  if (m === "AP50" && !iouThresholds.includes(0.5))
    throw new ProtocolError("primaryMetric AP50 needs 0.5 among the IoU thresholds", ["primaryMetric"]);
  if (m === "AP75" && !iouThresholds.includes(0.75))
    throw new ProtocolError("primaryMetric AP75 needs 0.75 among the IoU thresholds", ["primaryMetric"]);
  const areaOf: Record<string, string> = { APs: "small", APm: "medium", APl: "large", ARs: "small", ARm: "medium", ARl: "large" };
  if (areaOf[m] && !names.has(areaOf[m]))
    throw new ProtocolError(`primaryMetric ${m} needs an area range named "${areaOf[m]}"`, ["primaryMetric"]);
  const maxDetIndex: Record<string, number> = { AR1: 0, AR10: 1, AR100: 2 };
  if (m in maxDetIndex && maxDets.length <= maxDetIndex[m])
    throw new ProtocolError(`primaryMetric ${m} needs ${maxDetIndex[m] + 1} maxDets values`, ["primaryMetric"]);

  return {
    metric: "coco",
    iouType,
    dilationRatio,
    iouThresholds,
    maxDets,
    areaRanges,
    classAveraging: input.classAveraging ?? "macro",
    primaryMetric: m,
    statistics: { ...input.statistics },
    miou: input.miou ?? null,
  };
}

/** Parses untrusted input (API body, form, YAML) into a Protocol; throws ZodError or ProtocolError. */
export function parseProtocol(input: unknown): Protocol {
  return toProtocol(evalConfigInputSchema.parse(input ?? {}));
}

export const DEFAULT_PROTOCOL: Protocol = parseProtocol({});

export function classMetricId(primaryMetric: string): number | null {
  const match = CLASS_METRIC.exec(primaryMetric);
  return match ? Number(match[1]) : null;
}

/** Which preset a list of thresholds is, for the form; null for a custom list. */
export function iouPresetOf(thresholds: number[]): IouPreset | null {
  for (const [name, preset] of Object.entries(IOU_PRESETS) as [IouPreset, (typeof IOU_PRESETS)[IouPreset]][]) {
    if (preset.thresholds.length === thresholds.length && preset.thresholds.every((t, i) => t === thresholds[i])) return name;
  }
  return null;
}

export function isCocoAreaRanges(ranges: AreaRange[]): boolean {
  return (
    ranges.length === COCO_AREA_RANGES.length &&
    ranges.every(
      (r, i) =>
        r.name === COCO_AREA_RANGES[i].name && r.range[0] === COCO_AREA_RANGES[i].range[0] && r.range[1] === COCO_AREA_RANGES[i].range[1],
    )
  );
}
