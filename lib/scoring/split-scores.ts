// What one split's evaluation stores, whatever the metric family: the Score columns (COCO's twelve,
// LVIS's APr/APc/APf, mIoU), the primary metric, Score.metrics (the CLI's --json for that family) and
// the ClassScore rows. COCOeval and LVISEval name their numbers differently; this is the one place
// that maps them onto the columns.
import type { EvalResult, LvisEvalResult, MiouResult } from "@/lib/eval";
import { lvisMetricsJson, toMetricsJson } from "@/lib/submissions/metrics-json";
import { primaryValue } from "./primary-metric";

export type ScoreColumns = {
  ap: number;
  ap50: number;
  ap75: number;
  apSmall: number;
  apMedium: number;
  apLarge: number;
  ar1: number;
  ar10: number;
  ar100: number;
  arSmall: number;
  arMedium: number;
  arLarge: number;
  apRare: number | null;
  apCommon: number | null;
  apFrequent: number | null;
  miou: number | null;
};

export type ClassColumns = Omit<ScoreColumns, "apRare" | "apCommon" | "apFrequent" | "miou"> & {
  /** The COCO category id (the writer maps it to the Category row). */
  cocoId: number;
  numGt: number;
  numDt: number;
  iou: number | null;
  prCurves?: { recall: number[]; iou50: number[]; iou75: number[]; mean: number[] };
};

export type SplitScore = { columns: ScoreColumns; primary: number; metrics: object; classes: ClassColumns[] };

function miouByClass(miou: MiouResult | null): Map<number, number> {
  return new Map((miou?.perClass ?? []).map((c) => [c.categoryId, c.iou]));
}

/** COCOeval's result (COCO AP, Boundary AP), with mIoU beside it when the config asks for it. */
export function cocoSplitScore(primaryMetric: string, result: EvalResult, miou: MiouResult | null = null): SplitScore {
  const s = result.stats;
  const curves = new Map(result.prCurves.map((c) => [c.categoryId, c]));
  const ious = miouByClass(miou);
  return {
    columns: {
      ap: s[0],
      ap50: s[1],
      ap75: s[2],
      apSmall: s[3],
      apMedium: s[4],
      apLarge: s[5],
      ar1: s[6],
      ar10: s[7],
      ar100: s[8],
      arSmall: s[9],
      arMedium: s[10],
      arLarge: s[11],
      apRare: null,
      apCommon: null,
      apFrequent: null,
      miou: miou ? miou.mIoU : null,
    },
    primary: primaryValue(primaryMetric, result),
    metrics: { ...toMetricsJson(result), ...(miou ? { miou } : {}) },
    classes: result.perClass.map((c) => {
      const curve = curves.get(c.categoryId);
      return {
        cocoId: c.categoryId,
        ap: c.ap,
        ap50: c.ap50,
        ap75: c.ap75,
        apSmall: c.apSmall,
        apMedium: c.apMedium,
        apLarge: c.apLarge,
        ar1: c.ar1,
        ar10: c.ar10,
        ar100: c.ar100,
        arSmall: c.arSmall,
        arMedium: c.arMedium,
        arLarge: c.arLarge,
        numGt: c.numGt,
        numDt: c.numDt,
        iou: miou ? (ious.get(c.categoryId) ?? -1) : null,
        prCurves: curve ? { recall: curve.recall, iou50: curve.iou50, iou75: curve.iou75, mean: curve.mean } : undefined,
      };
    }),
  };
}

/** LVISEval's summary keys as an LVIS primaryMetric names them: AR is AR@300 (AR@10000/cat in Fixed AP). */
export function lvisPrimaryValue(primaryMetric: string, result: LvisEvalResult): number {
  const classMatch = /^class:(-?\d+)$/.exec(primaryMetric);
  if (classMatch) return result.perClass.find((c) => c.categoryId === Number(classMatch[1]))?.ap ?? -1;
  const key = Object.keys(result.results).find((k) => k === primaryMetric || k.split("@")[0] === primaryMetric);
  if (key === undefined)
    throw new Error(
      `Unknown LVIS primary metric "${primaryMetric}": expected one of ${Object.keys(result.results).join(", ")} or class:<cocoId>`,
    );
  return result.results[key];
}

/**
 * LVISEval's result (LVIS AP, Fixed AP). Its AR@300 (AR@10000/cat) goes to ar1, the AR of the
 * protocol's first (only) maxDets, as COCOeval's stats[6] would; ar10 and ar100 are -1 (undefined).
 */
export function lvisSplitScore(primaryMetric: string, result: LvisEvalResult, miou: MiouResult | null = null): SplitScore {
  const r = result.results;
  const at = (name: string) => r[Object.keys(r).find((k) => k.startsWith(`${name}@`))!];
  const ious = miouByClass(miou);
  const stats = [r.AP, r.AP50, r.AP75, r.APs, r.APm, r.APl, at("AR"), -1, -1, at("ARs"), at("ARm"), at("ARl")];
  return {
    columns: {
      ap: stats[0],
      ap50: stats[1],
      ap75: stats[2],
      apSmall: stats[3],
      apMedium: stats[4],
      apLarge: stats[5],
      ar1: stats[6],
      ar10: -1,
      ar100: -1,
      arSmall: stats[9],
      arMedium: stats[10],
      arLarge: stats[11],
      apRare: r.APr,
      apCommon: r.APc,
      apFrequent: r.APf,
      miou: miou ? miou.mIoU : null,
    },
    primary: lvisPrimaryValue(primaryMetric, result),
    metrics: { ...lvisMetricsJson(result), stats, ...(miou ? { miou } : {}) },
    classes: result.perClass.map((c, k) => ({
      cocoId: c.categoryId,
      ap: c.ap,
      ap50: c.ap50,
      ap75: c.ap75,
      apSmall: c.apSmall,
      apMedium: c.apMedium,
      apLarge: c.apLarge,
      ar1: c.ar,
      ar10: -1,
      ar100: -1,
      arSmall: c.arSmall,
      arMedium: c.arMedium,
      arLarge: c.arLarge,
      numGt: result.instances.numGt[k],
      numDt: result.instances.numDt[k],
      iou: miou ? (ious.get(c.categoryId) ?? -1) : null,
    })),
  };
}
