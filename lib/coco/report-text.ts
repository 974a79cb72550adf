import "server-only";
import type { ClassMetrics, EvalResult } from "@/lib/eval";
import { summaryMaxDetsLabels } from "@/lib/eval/summarize";

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

/**
 * The 12 lines pycocotools' COCOeval.summarize() prints, in its exact format. The maxDets labels follow
 * the result's summary rule: pycocotools labels AP with 100 whatever maxDets are, the rest with
 * maxDets[0], [1], [2]; Maskboard's rule with the largest maxDets it reads.
 */
export function formatCocoSummary(result: EvalResult): string[] {
  const p = result.params;
  const labels = summaryMaxDetsLabels(p, result.summaryRule ?? "largest");
  const thr = p.iouThresholds;
  const allIous = `${thr[0].toFixed(2)}:${thr[thr.length - 1].toFixed(2)}`;
  const line = (i: number, ap: boolean, iou: string, area: string) =>
    ` ${(ap ? "Average Precision" : "Average Recall").padEnd(18)} ${ap ? "(AP)" : "(AR)"} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(labels[i] ?? "-").padStart(3)} ] = ${formatFixed3(result.stats[i])}`;
  return [
    line(0, true, allIous, "all"),
    line(1, true, "0.50", "all"),
    line(2, true, "0.75", "all"),
    line(3, true, allIous, "small"),
    line(4, true, allIous, "medium"),
    line(5, true, allIous, "large"),
    line(6, false, allIous, "all"),
    line(7, false, allIous, "all"),
    line(8, false, allIous, "all"),
    line(9, false, allIous, "small"),
    line(10, false, allIous, "medium"),
    line(11, false, allIous, "large"),
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
