import type { EvalResult } from "@/lib/eval";

/**
 * What `npm run eval -- --json` prints for one evaluation: stored as Score.metrics and served by
 * GET /api/v1/submissions/{id} unchanged, so API clients and the CLI agree to the last digit.
 */
export type MetricsJson = Pick<EvalResult, "iouType" | "params" | "stats" | "perClass">;

export function toMetricsJson(result: EvalResult): MetricsJson {
  return { iouType: result.iouType, params: result.params, stats: result.stats, perClass: result.perClass };
}
