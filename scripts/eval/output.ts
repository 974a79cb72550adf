// What the eval CLI prints: a list of sections, each with its text (stdout, in order) and its fields
// of the --json object.
//
// Adding a section: append an OutputSection to SECTIONS. `json` returns the fields it adds to the
// --json object (keys must not clash with another section's); `text` the lines it prints, or [] to
// print nothing (sections are separated by a blank line). Data a section needs beyond the evaluation
// goes into CliRun (filled in scripts/eval.ts). Warnings are not a section: stderr and `warnings`.
import { formatClassTable, formatCocoSummary } from "@/lib/coco/report-text";
import type { EvalParams, EvalResult } from "@/lib/eval";
import type { EvaluationWarning, FamilyResult } from "@/lib/evaluation";
import { STAT_NAMES } from "@/lib/eval";
import { STAT_KEYS, type Interval } from "@/lib/statistics/intervals";
import { lvisMetricsJson } from "@/lib/submissions/metrics-json";
import type { BootstrapRun } from "./bootstrap";
import type { FlagValues } from "./options";

/** Everything an output section may read about the run. */
export type CliRun = {
  values: FlagValues;
  params: EvalParams;
  /** COCOeval of all images of the ground truth (null for --metric lvis, lvis-fixed, miou). */
  result: EvalResult | null;
  /** What --metric / --tide / --dilation-ratio computed (null for plain COCOeval). */
  family: FamilyResult | null;
  warnings: EvaluationWarning[];
  /** --bootstrap: the intervals (and the --compare comparison); null without it. */
  bootstrap: BootstrapRun | null;
};

export type OutputSection = {
  name: string;
  json(run: CliRun): Record<string, unknown>;
  text(run: CliRun): string[];
};

const fixed = (v: number) => (v === -1 ? "    -1" : v.toFixed(3).padStart(6));
const bracket = (ci: Interval) => (ci ? `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : "(undefined in every replicate)");
const percent = (level: number) => `${+(level * 100).toPrecision(12)}%`;

export const SECTIONS: OutputSection[] = [
  {
    name: "summary",
    json: ({ result }) => (result ? { iouType: result.iouType, params: result.params, stats: result.stats } : {}),
    text: ({ result }) => (result ? formatCocoSummary(result) : []),
  },
  {
    name: "per-class",
    json: ({ result }) => (result ? { perClass: result.perClass } : {}),
    text: ({ result }) => (result ? formatClassTable(result.perClass) : []),
  },
  {
    // LVISEval's results dictionary under its own keys, each category's numbers with its frequency group.
    name: "lvis",
    json: ({ family }) => {
      const lvis = family?.lvis;
      return lvis ? lvisMetricsJson(lvis) : {};
    },
    text: ({ family }) => {
      const lvis = family?.lvis;
      if (!lvis) return [];
      const title = `LVIS ${lvis.mode === "fixed" ? "Fixed AP (challenge2021)" : "AP"}, iouType ${lvis.iouType}`;
      const c = lvis.counts;
      return [
        title,
        ...Object.entries(lvis.results).map(([key, value]) => `  ${key.padEnd(16)} ${fixed(value)}`),
        `  results ${c.resultsInFile}, after limits ${c.detsAfterLimits}, evaluated ${c.detsEvaluated}; GT evaluated ${c.gtEvaluated}; categories r/c/f ${c.categoriesPerFrequency.r}/${c.categoriesPerFrequency.c}/${c.categoriesPerFrequency.f}`,
      ];
    },
  },
  {
    name: "miou",
    json: ({ family }) => (family?.miou ? { miou: family.miou } : {}),
    text: ({ family }) => {
      const miou = family?.miou;
      if (!miou) return [];
      return [
        `mIoU from instances (score >= ${miou.scoreThreshold}): ${fixed(miou.mIoU).trim()}`,
        ...miou.perClass.map((c) => `  ${c.name.slice(0, 24).padEnd(24)} ${fixed(c.iou)}`),
      ];
    },
  },
  {
    // TIDE's numbers are percentages, as the reference prints them.
    name: "tide",
    json: ({ family }) => {
      const tide = family?.tide;
      if (!tide) return {};
      const { ap50, mainErrors, specialErrors, errorCounts, perClassAp50, apByThreshold } = tide;
      return { tide: { ap50, mainErrors, specialErrors, errorCounts, perClassAp50, apByThreshold } };
    },
    text: ({ family }) => {
      const tide = family?.tide;
      if (!tide) return [];
      return [
        `TIDE (${tide.mode}): AP50 ${tide.ap50.toFixed(2)}; dAP if each error were fixed (count)`,
        ...Object.entries(tide.mainErrors).map(
          ([k, v]) => `  ${k.padEnd(9)} ${v.toFixed(2).padStart(6)}  (${tide.errorCounts[k as keyof typeof tide.errorCounts]})`,
        ),
        ...Object.entries(tide.specialErrors).map(([k, v]) => `  ${k.padEnd(9)} ${v.toFixed(2).padStart(6)}`),
      ];
    },
  },
  {
    // Intervals of the 12 stats and the paired comparison (docs/statistics.md): "AP    0.412 [0.398, 0.427]".
    name: "bootstrap",
    json: ({ bootstrap: b }) =>
      b
        ? {
            bootstrap: { replicates: b.replicates, seed: b.seed, level: b.level, ci: b.ci },
            ...(b.comparison ? { comparison: b.comparison } : {}),
          }
        : {},
    text: ({ bootstrap: b, result }) => {
      if (!b || !result) return [];
      const lines = [
        `Bootstrap: ${percent(b.level)} percentile intervals over ${b.replicates} replicates of the ${b.images} images (seed ${b.seed})`,
        ...STAT_NAMES.map((name, i) => `  ${name.padEnd(5)} ${fixed(result.stats[i]).trim()} ${bracket(b.ci[STAT_KEYS[i]])}`),
      ];
      const c = b.comparison;
      if (c) {
        const sign = (v: number) => (v > 0 ? `+${v.toFixed(3)}` : v.toFixed(3));
        const better = c.fractionBetter === null ? "no replicate defines both" : `${(c.fractionBetter * 100).toFixed(1)}% of replicates`;
        lines.push(
          `Paired comparison, AP of --dt minus --compare ${b.comparePath} (same draws):`,
          `  delta ${sign(c.delta)} ${bracket(c.ci)}; --dt scores higher in ${better}`,
        );
      }
      return lines;
    },
  },
  {
    name: "warnings",
    json: ({ warnings }) => ({ warnings }),
    text: () => [],
  },
];

/** The --json object: every section's fields, in section order. */
export function jsonOutput(run: CliRun): string {
  return JSON.stringify(Object.assign({}, ...SECTIONS.map((s) => s.json(run)))) + "\n";
}

/** The text output: every section that prints, separated by blank lines. */
export function textOutput(run: CliRun): string {
  const blocks = SECTIONS.map((s) => s.text(run)).filter((lines) => lines.length > 0);
  return blocks.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}
