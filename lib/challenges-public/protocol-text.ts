import type { EvalConfigSummary } from "@/lib/leaderboard/phase-context";

function formatThresholds(t: number[]): string {
  if (t.length === 0) return "none";
  if (t.length === 1) return t[0].toFixed(2);
  const step = t[1] - t[0];
  const evenlySpaced = t.length > 2 && t.every((v, i) => Math.abs(v - (t[0] + i * step)) < 1e-9);
  return evenlySpaced
    ? `${t[0].toFixed(2)} to ${t[t.length - 1].toFixed(2)} in steps of ${step.toFixed(2)} (${t.length} thresholds)`
    : t.map((v) => v.toFixed(2)).join(", ");
}

function formatArea(range: [number, number]): string {
  const [lo, hi] = range;
  const side = (v: number) => (v > 0 && Number.isInteger(Math.sqrt(v)) ? `${Math.sqrt(v)}²` : String(v));
  if (hi >= 1e9) return lo === 0 ? "any size" : `${side(lo)} px and above`;
  return `${side(lo)} to ${side(hi)} px`;
}

const MATCHING = {
  SEGM: "Mask IoU",
  BBOX: "Box IoU",
  BOUNDARY: "Boundary IoU (the smaller of mask IoU and the IoU of the masks' boundary bands)",
} as const;

function boundaryText(config: EvalConfigSummary): string {
  return config.iouType === "BOUNDARY"
    ? ` The boundary band of a mask is its pixels within ${config.dilationRatio} × the image diagonal of its edge.`
    : "";
}

function miouText(config: EvalConfigSummary): { label: string; text: string }[] {
  if (config.miouScoreThreshold === null) return [];
  return [
    {
      label: "mIoU (secondary)",
      text: `per class, the pixels of the detections scoring at least ${config.miouScoreThreshold} against the ground truth's, summed over all images; mIoU is the mean over classes. It does not rank.`,
    },
  ];
}

/** The LVIS families: the reference fixes everything but the IoU type. */
function describeLvis(config: EvalConfigSummary, ranking: string): { label: string; text: string }[] {
  const fixed = config.metric === "LVIS_FIXED";
  return [
    {
      label: "Metric",
      text: fixed
        ? "LVIS Fixed AP (the LVIS 2021 challenge): federated LVIS AP with the top 10,000 detections per class over the whole dataset and none per image, so AP does not depend on how many detections an image gets."
        : "LVIS AP (federated): a detection counts only where its class is annotated or verified absent in the image; unmatched detections of classes not exhaustively annotated are ignored. The top 300 detections per image are kept.",
    },
    {
      label: "Matching",
      text: `${MATCHING[config.iouType]}; IoU thresholds 0.50 to 0.95 in steps of 0.05.${boundaryText(config)}`,
    },
    { label: "Class groups", text: "APr, APc and APf average the AP of rare, common and frequent classes." },
    ...miouText(config),
    { label: "Ranking", text: ranking },
  ];
}

/** The evaluation protocol in plain sentences, for participants who do not read COCOeval's source. */
export function describeProtocol(config: EvalConfigSummary, classNames: Map<number, string>): { label: string; text: string }[] {
  const primary = /^class:(-?\d+)$/.exec(config.primaryMetric);
  const ranking = primary
    ? `teams are ranked by the AP of class ${classNames.get(Number(primary[1])) ?? primary[1]}.`
    : `teams are ranked by ${config.primaryMetric}.`;
  if (config.metric !== "COCO") return describeLvis(config, ranking);
  return [
    {
      label: "Matching",
      text: `${MATCHING[config.iouType]}; a detection counts as correct at a threshold when it overlaps an unmatched ground-truth object ${config.useCats ? "of the same class" : "of any class"} at least that much.${boundaryText(config)}`,
    },
    { label: "IoU thresholds", text: `${formatThresholds(config.iouThresholds)}; AP is averaged over them, AP50 and AP75 use one.` },
    {
      label: "Object sizes",
      text: config.areaRanges.map((a) => `${a.name}: ${formatArea(a.range)}`).join("; ") + " (area in pixels).",
    },
    {
      label: "Detections per image",
      text: `at most ${config.maxDets.join(", ")} (the highest scoring are kept); AP uses ${config.maxDets[config.maxDets.length - 1]}.`,
    },
    { label: "Recall points", text: `precision is interpolated at ${config.recallPoints} recall points between 0 and 1.` },
    {
      label: "Class averaging",
      text:
        config.classAveraging === "MACRO"
          ? "macro: every class counts equally, as in COCO (AP is the mean of the per-class APs)."
          : "micro: every object counts equally (detections of all classes are pooled before computing AP).",
    },
    ...miouText(config),
    { label: "Ranking", text: ranking },
  ];
}
