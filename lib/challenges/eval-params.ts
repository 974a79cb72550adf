// Converts between EvalConfig rows, the organizer-facing Protocol and the evaluator's EvalParams.
import type { EvalParams } from "@/lib/eval";
import { DEFAULT_RECALL_POINTS, type AreaRange, type MetricFamily, type Protocol, type ProtocolIouType, type Statistics } from "./protocol";

/** The columns of an EvalConfig row this module needs (so callers may pass a selected subset). */
export type EvalConfigRow = {
  metric: "COCO" | "LVIS" | "LVIS_FIXED";
  iouType: "SEGM" | "BBOX" | "BOUNDARY";
  dilationRatio: number;
  miouScoreThreshold: number | null;
  iouThresholds: number[];
  recallPoints: number;
  areaRanges: unknown;
  maxDets: number[];
  useCats: boolean;
  classAveraging: "MACRO" | "MICRO";
  primaryMetric: string;
  bootstrapReplicates: number;
  bootstrapLevel: number;
  bootstrapSeed: number | null;
  ranking: "POINT" | "GROUPS";
  ladder: boolean;
};

function areaRangesOf(json: unknown): AreaRange[] {
  if (!Array.isArray(json)) throw new Error("EvalConfig.areaRanges is not a list of {name, range}");
  return json.map((a: { name: string; range: [number, number] }) => ({
    name: String(a.name),
    range: [Number(a.range[0]), Number(a.range[1])],
  }));
}

const IOU_TYPE_OF_ROW = { SEGM: "segm", BBOX: "bbox", BOUNDARY: "boundary" } as const;
const METRIC_OF_ROW = { COCO: "coco", LVIS: "lvis", LVIS_FIXED: "lvis-fixed" } as const;

export const iouTypeOfRow = (iouType: EvalConfigRow["iouType"]): ProtocolIouType => IOU_TYPE_OF_ROW[iouType];
export const metricOfRow = (metric: EvalConfigRow["metric"]): MetricFamily => METRIC_OF_ROW[metric];

/**
 * The evaluator's parameters for a stored config version: what the worker scores with (COCOeval's;
 * an LVIS family reads only iouType and dilationRatio from them).
 */
export function toEvalParams(config: EvalConfigRow): EvalParams {
  const iouType = iouTypeOfRow(config.iouType);
  return {
    iouType,
    ...(iouType === "boundary" ? { dilationRatio: config.dilationRatio } : {}),
    iouThresholds: [...config.iouThresholds],
    recallPoints: config.recallPoints,
    maxDets: [...config.maxDets],
    areaRanges: areaRangesOf(config.areaRanges),
    useCats: config.useCats,
    classAveraging: config.classAveraging === "MICRO" ? "micro" : "macro",
  };
}

export function protocolOfRow(config: EvalConfigRow): Protocol {
  return {
    metric: metricOfRow(config.metric),
    iouType: iouTypeOfRow(config.iouType),
    dilationRatio: config.dilationRatio,
    iouThresholds: [...config.iouThresholds],
    maxDets: [...config.maxDets],
    areaRanges: areaRangesOf(config.areaRanges),
    classAveraging: config.classAveraging === "MICRO" ? "micro" : "macro",
    primaryMetric: config.primaryMetric,
    statistics: statisticsOfRow(config),
    miou: config.miouScoreThreshold === null ? null : { scoreThreshold: config.miouScoreThreshold },
  };
}

/** The bootstrap settings of a stored config version. */
export function statisticsOfRow(
  config: Pick<EvalConfigRow, "bootstrapReplicates" | "bootstrapLevel" | "bootstrapSeed" | "ranking" | "ladder">,
): Statistics {
  return {
    replicates: config.bootstrapReplicates,
    level: config.bootstrapLevel,
    seed: config.bootstrapSeed,
    ranking: config.ranking === "GROUPS" ? "groups" : "point",
    ladder: config.ladder ? "on" : "off",
  };
}

export function rowDataOfProtocol(protocol: Protocol) {
  return {
    metric: ({ coco: "COCO", lvis: "LVIS", "lvis-fixed": "LVIS_FIXED" } as const)[protocol.metric],
    iouType: ({ segm: "SEGM", bbox: "BBOX", boundary: "BOUNDARY" } as const)[protocol.iouType],
    dilationRatio: protocol.dilationRatio,
    miouScoreThreshold: protocol.miou?.scoreThreshold ?? null,
    iouThresholds: protocol.iouThresholds,
    recallPoints: DEFAULT_RECALL_POINTS,
    areaRanges: protocol.areaRanges,
    maxDets: protocol.maxDets,
    useCats: true,
    classAveraging: protocol.classAveraging === "micro" ? ("MICRO" as const) : ("MACRO" as const),
    primaryMetric: protocol.primaryMetric,
    bootstrapReplicates: protocol.statistics.replicates,
    bootstrapLevel: protocol.statistics.level,
    bootstrapSeed: protocol.statistics.seed,
    ranking: protocol.statistics.ranking === "groups" ? ("GROUPS" as const) : ("POINT" as const),
    ladder: protocol.statistics.ladder === "on",
  };
}

export function sameProtocol(a: Protocol, b: Protocol): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
