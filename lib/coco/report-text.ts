import "server-only";
import type { ClassMetrics, EvalResult } from "@/lib/eval";

/**
 * Python's '{:0.3f}': like toFixed(3) except at exact ties, where Python rounds half to even.
 * A double is a tie at 3 decimals only when it is an odd multiple of 1/16 (0.0625, 0.5625...).
 */
export function formatFixed3(x: number): string {
  const sixteenths = x * 16; // exact: a power of two
  if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {
    const thousandths = x * 1000; // k + 0.5 exactly
    const down = Math.floor(thousandths);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 1000).toFixed(3);
  }
  return x.toFixed(3);
}

/** The 12 lines pycocotools' COCOeval.summarize() prints, in its exact format. */
export function formatCocoSummary(result: EvalResult): string[] {
  const p = result.params;
  const maxDet = (k: number) => p.maxDets[Math.min(k, p.maxDets.length - 1)];
  const thr = p.iouThresholds;
  const allIous = `${thr[0].toFixed(2)}:${thr[thr.length - 1].toFixed(2)}`;
  const line = (ap: boolean, iou: string, area: string, dets: number, value: number) =>
    ` ${(ap ? "Average Precision" : "Average Recall").padEnd(18)} ${ap ? "(AP)" : "(AR)"} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(dets).padStart(3)} ] = ${formatFixed3(value)}`;
  const s = result.stats;
  return [
    line(true, allIous, "all", maxDet(2), s[0]),
    line(true, "0.50", "all", maxDet(2), s[1]),
    line(true, "0.75", "all", maxDet(2), s[2]),
    line(true, allIous, "small", maxDet(2), s[3]),
    line(true, allIous, "medium", maxDet(2), s[4]),
    line(true, allIous, "large", maxDet(2), s[5]),
    line(false, allIous, "all", maxDet(0), s[6]),
    line(false, allIous, "all", maxDet(1), s[7]),
    line(false, allIous, "all", maxDet(2), s[8]),
    line(false, allIous, "small", maxDet(2), s[9]),
    line(false, allIous, "medium", maxDet(2), s[10]),
    line(false, allIous, "large", maxDet(2), s[11]),
  ];
}

const CLASS_COLUMNS: [string, keyof ClassMetrics][] = [
  ["AP", "ap"],
  ["AP50", "ap50"],
  ["AP75", "ap75"],
  ["APs", "apSmall"],
  ["APm", "apMedium"],
  ["APl", "apLarge"],
  ["AR1", "ar1"],
  ["AR10", "ar10"],
  ["AR100", "ar100"],
  ["ARs", "arSmall"],
  ["ARm", "arMedium"],
  ["ARl", "arLarge"],
];

/** A fixed-width per-class table; "-" where a metric is undefined (-1). */
export function formatClassTable(perClass: ClassMetrics[]): string[] {
  const nameWidth = Math.min(24, Math.max(5, ...perClass.map((c) => c.name.length)));
  const header = ["   id", "class".padEnd(nameWidth), "   #gt", "   #dt", ...CLASS_COLUMNS.map(([label]) => label.padStart(6))].join(" ");
  const rows = perClass.map((c) =>
    [
      String(c.categoryId).padStart(5),
      (c.name.length > nameWidth ? c.name.slice(0, nameWidth - 1) + "~" : c.name).padEnd(nameWidth),
      String(c.numGt).padStart(6),
      String(c.numDt).padStart(6),
      ...CLASS_COLUMNS.map(([, key]) => {
        const v = c[key] as number;
        return (v < 0 ? "-" : formatFixed3(v)).padStart(6);
      }),
    ].join(" "),
  );
  return [header, ...rows];
}
