// What the eval CLI prints: a list of sections, each with its text (stdout, in order) and its fields
// of the --json object.
//
// Adding a section: append an OutputSection to SECTIONS. `json` returns the fields it adds to the
// --json object (keys must not clash with another section's); `text` the lines it prints, or [] to
// print nothing (sections are separated by a blank line). Data a section needs beyond the evaluation
// goes into CliRun (filled in scripts/eval.ts). Warnings are not a section: stderr and `warnings`.
import { formatClassTable, formatCocoSummary } from "@/lib/coco/report-text";
import type { EvalParams, EvalResult } from "@/lib/eval";
import type { EvaluationWarning } from "@/lib/evaluation";
import type { FlagValues } from "./options";

/** Everything an output section may read about the run. */
export type CliRun = {
  values: FlagValues;
  params: EvalParams;
  /** The evaluation of all images of the ground truth. */
  result: EvalResult;
  warnings: EvaluationWarning[];
};

export type OutputSection = {
  name: string;
  json(run: CliRun): Record<string, unknown>;
  text(run: CliRun): string[];
};

export const SECTIONS: OutputSection[] = [
  {
    name: "summary",
    json: ({ result }) => ({ iouType: result.iouType, params: result.params, stats: result.stats }),
    text: ({ result }) => formatCocoSummary(result),
  },
  {
    name: "per-class",
    json: ({ result }) => ({ perClass: result.perClass }),
    text: ({ result }) => formatClassTable(result.perClass),
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
