/**
 * Which configured metric families the worker scores. LVIS AP and LVIS Fixed AP can be configured on
 * a phase and are exact in the CLI (`npm run eval -- --metric lvis|lvis-fixed`), but the worker does
 * not score them yet: rather than COCO numbers under an LVIS heading, uploads to such a phase are
 * refused, and a queued submission that meets one fails with this explanation instead of being scored.
 */
export type StoredMetricFamily = "COCO" | "LVIS" | "LVIS_FIXED";

const NAMES: Record<StoredMetricFamily, string> = { COCO: "COCO AP", LVIS: "LVIS AP", LVIS_FIXED: "LVIS Fixed AP" };

export function isScoredByWorker(metric: StoredMetricFamily): boolean {
  return metric === "COCO";
}

export const UNSCORED_FAMILY_CODE = "metric_family_not_scored";

export function unscoredFamilyMessage(phaseName: string, metric: StoredMetricFamily): string {
  const cli = metric === "LVIS" ? "lvis" : "lvis-fixed";
  return (
    `Phase "${phaseName}" is configured for ${NAMES[metric]}, which Maskboard's worker does not score yet ` +
    `(it is available in the evaluator CLI: npm run eval -- --metric ${cli}). ` +
    `Organizers: switch the phase's protocol to COCO AP or Boundary AP to accept submissions.`
  );
}
