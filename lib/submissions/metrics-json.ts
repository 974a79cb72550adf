import type { EvalResult, LvisEvalResult } from "@/lib/eval";

/**
 * What `npm run eval -- --json` prints for one evaluation: stored as Score.metrics and served by
 * GET /api/v1/submissions/{id} unchanged, so API clients and the CLI agree to the last digit.
 */
export type MetricsJson = Pick<EvalResult, "iouType" | "params" | "stats" | "perClass">;

export function toMetricsJson(result: EvalResult): MetricsJson {
  return { iouType: result.iouType, params: result.params, stats: result.stats, perClass: result.perClass };
}

/**
 * What `npm run eval -- --metric lvis|lvis-fixed --json` prints: LVISEval's results under its own keys
 * (AP ... APf, AR@300 or AR@10000/cat ...), each category's numbers with its frequency group, the counts.
 */
export function lvisMetricsJson(lvis: LvisEvalResult) {
  return {
    iouType: lvis.iouType,
    lvis: lvis.results,
    perClass: lvis.perClass.map((c) => ({
      categoryId: c.categoryId,
      ap: c.ap,
      ap50: c.ap50,
      ap75: c.ap75,
      apSmall: c.apSmall,
      apMedium: c.apMedium,
      apLarge: c.apLarge,
      ar: c.ar,
      arSmall: c.arSmall,
      arMedium: c.arMedium,
      arLarge: c.arLarge,
      frequency: c.frequency,
    })),
    counts: lvis.counts,
  };
}
