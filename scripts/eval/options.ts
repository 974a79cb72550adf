// The eval CLI's command line: one table of flags (the usage text is generated from it) and the
// reading of the values into an evaluation protocol.
//
// Adding a flag: add an entry to FLAGS (type, help, and `arg` naming its value); read it where it
// matters through `values` (parseArgs' typed result): in toEvalParams if it changes the protocol, in
// an output section (scripts/eval/output.ts) if it changes what is printed. Refuse a bad value with
// UsageError (exit 2, the usage printed under the message).
import fs from "node:fs";
import { parseArgs } from "node:util";
import { AppError } from "@/lib/errors";
import { defaultParams, type EvalParams } from "@/lib/eval";
import type { FamilyRequest } from "@/lib/evaluation";
import { MAX_REPLICATES, MIN_REPLICATES } from "@/lib/challenges/protocol";
import { summaryRulesAgree } from "@/lib/eval/summarize";

/** A bad command line: reported with the usage and exit code 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super({ status: 400, code: "usage", message });
  }
}

type Flag = { type: "string" | "boolean"; help: string; arg?: string; default?: string | boolean; short?: string };

/** Every flag of the CLI, in the order the usage lists them. */
export const FLAGS = {
  gt: { type: "string", arg: "PATH", help: "COCO ground truth (.json, .json.gz or .zip)" },
  dt: { type: "string", arg: "PATH", help: "COCO results: a JSON array of detections (.json, .json.gz or .zip)" },
  "iou-type": {
    type: "string",
    arg: "segm|bbox|boundary",
    help: "score masks (default), boxes, or Boundary IoU (Boundary AP: min of mask and boundary IoU)",
  },
  "dilation-ratio": {
    type: "string",
    arg: "R",
    help: "boundary IoU only: the boundary is the mask within round(R x image diagonal) pixels of its edge (default 0.02)",
  },
  metric: {
    type: "string",
    arg: "coco|lvis|lvis-fixed|miou",
    default: "coco",
    help: "COCOeval (default); LVIS federated AP (LVIS-format GT, top 300 per image); LVIS Fixed AP (boundary IoU, top 10,000 per class); mIoU from instances",
  },
  "score-threshold": { type: "string", arg: "S", help: "mIoU only: detections scoring at least S are drawn (default 0.5)" },
  tide: { type: "boolean", default: false, help: "add TIDE's error analysis (dAP per error type, in percent; --iou-type segm or bbox)" },
  "no-cats": { type: "boolean", default: false, help: "ignore categories (pycocotools useCats=0)" },
  average: { type: "string", arg: "macro|micro", default: "macro", help: "average over classes (default macro, as COCO)" },
  "iou-thrs": { type: "string", arg: "LIST", help: "IoU thresholds, e.g. 0.5,0.75 (default 0.50:0.05:0.95)" },
  "max-dets": { type: "string", arg: "LIST", help: "detections kept per image, e.g. 1,10,100 (default)" },
  strict: {
    type: "boolean",
    default: false,
    help: "the platform's rules (a challenge's): refuse unknown categories, short or odd polygon parts and RLE sizes other than the image's, which pycocotools (the default) scores",
  },
  summarize: {
    type: "string",
    arg: "pycocotools|largest",
    default: "pycocotools",
    help: "how the 12 numbers read maxDets and thresholds: as pycocotools' summarize (default: AP at maxDets=100, the rest at maxDets[2], IoU 0.5/0.75 by exact equality) or Maskboard's rule (the largest maxDets, thresholds within 1e-12), as challenges do",
  },
  bootstrap: {
    type: "string",
    arg: "B",
    help: `add the percentile interval of each of the 12 stats over B bootstrap replicates of the images (${MIN_REPLICATES} to ${MAX_REPLICATES}, e.g. 1000; docs/statistics.md); --metric coco only`,
  },
  seed: { type: "string", arg: "N", help: "with --bootstrap: the seed of the draws, a whole number in [0, 2147483647] (default 1)" },
  "ci-level": { type: "string", arg: "L", help: "with --bootstrap: the level of the intervals, in (0.5, 1) (default 0.95)" },
  compare: {
    type: "string",
    arg: "PATH",
    help: "with --bootstrap: a second results file on the same ground truth; adds the paired difference of AP (--dt minus this one) over the same draws",
  },
  json: { type: "boolean", default: false, help: "print one JSON object (full precision) instead of text" },
  timings: { type: "boolean", default: false, help: "print stage timings and peak memory on stderr" },
  "gt-thread": {
    type: "string",
    arg: "auto|on|off",
    default: "auto",
    help: "rasterize the ground truth in a second thread while the results are read (auto: when the GT file is 4 MiB or more)",
  },
  help: { type: "boolean", short: "h", default: false, help: "print this help" },
} as const satisfies Record<string, Flag>;

export function usage(): string {
  const rows = Object.entries(FLAGS as Record<string, Flag>).map(([name, f]) => [`--${name}${f.arg ? ` ${f.arg}` : ""}`, f.help]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const wrap = (text: string) => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && line.length + word.length + 1 > 100 - width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines;
  };
  const body = rows.flatMap(([left, help]) => wrap(help).map((text, i) => `  ${(i === 0 ? left : "").padEnd(width)}${text}`));
  return [
    "usage: npm run --silent eval -- --gt GT.json --dt RESULTS.json [options]",
    ...body,
    "Exit codes: 0 scored, 2 bad input or command line (message on stderr), 1 internal error.",
  ].join("\n");
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The flags' values as parseArgs types them. */
export type FlagValues = ReturnType<typeof parse>;

function numberList(flag: string, text: string): number[] {
  const values = text.split(",").map((s) => s.trim());
  const numbers = values.map(Number);
  const bad = values.find((v, i) => v === "" || !Number.isFinite(numbers[i]));
  if (bad !== undefined)
    throw new UsageError(
      `${flag} ${JSON.stringify(text)}: ${JSON.stringify(bad)} is not a number; give a comma-separated list such as 0.5,0.75`,
    );
  return numbers;
}

/** One of `allowed`, or a UsageError naming them. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(
      `${flag} must be ${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}, got ${JSON.stringify(value)}`,
    );
  return value as T;
}

/** The command line, read and checked; null when --help was asked (the usage is printed). */
export function readCommandLine(argv: string[]): { values: FlagValues; gtPath: string; dtPath: string } | null {
  const values = parse(argv);
  if (values.help) {
    console.log(usage());
    return null;
  }
  if (!values.gt || !values.dt) throw new UsageError(`both --gt and --dt are required`);
  for (const flag of ["gt", "dt"] as const) {
    if (!fs.existsSync(values[flag]!) || !fs.statSync(values[flag]!).isFile())
      throw new UsageError(`--${flag} ${values[flag]}: no such file`);
  }
  return { values, gtPath: values.gt, dtPath: values.dt };
}

function ratio(flag: string, text: string, lo: "open" | "closed"): number {
  const value = Number(text);
  const ok = Number.isFinite(value) && (lo === "open" ? value > 0 : value >= 0) && value <= 1;
  if (text.trim() === "" || !ok)
    throw new UsageError(`${flag} ${JSON.stringify(text)}: give a number in ${lo === "open" ? "(0, 1]" : "[0, 1]"}`);
  return value;
}

/**
 * The metric family the flags ask for, or null for plain COCOeval with the default boundary width
 * (the fast path: the ground truth may be rasterized on a second thread).
 */
export function toFamilyRequest(values: FlagValues): FamilyRequest | null {
  const metric = oneOf("--metric", values.metric, ["coco", "lvis", "lvis-fixed", "miou"]);
  const given = values["iou-type"];
  const iouType = oneOf("--iou-type", given ?? (metric === "lvis-fixed" ? "boundary" : "segm"), ["segm", "bbox", "boundary"]);
  if (metric === "lvis-fixed" && iouType !== "boundary")
    throw new UsageError(`--metric lvis-fixed is LVIS's Fixed AP, always on boundary IoU: leave out --iou-type ${given}`);
  if (metric === "miou" && given !== undefined) throw new UsageError("--metric miou compares masks pixel by pixel: leave out --iou-type");
  if (metric !== "coco") {
    const cocoOnly = [
      values["no-cats"] ? "no-cats" : null,
      values.average !== "macro" ? "average" : null,
      values["iou-thrs"] !== undefined ? "iou-thrs" : null,
      values["max-dets"] !== undefined ? "max-dets" : null,
    ].filter((f) => f !== null);
    if (cocoOnly.length > 0)
      throw new UsageError(`--${cocoOnly[0]} is a COCOeval parameter; --metric ${metric} fixes its own (see lib/eval/README.md)`);
  }
  const dilation = values["dilation-ratio"];
  if (dilation !== undefined && iouType !== "boundary")
    throw new UsageError(`--dilation-ratio sets the width of boundary IoU: use it with --iou-type boundary or --metric lvis-fixed`);
  if (values["score-threshold"] !== undefined && metric !== "miou") throw new UsageError("--score-threshold applies to --metric miou only");
  if (values.tide && (metric !== "coco" || iouType === "boundary"))
    throw new UsageError("--tide analyses COCO AP on masks or boxes: use it with --iou-type segm or bbox (and --metric coco)");
  const request: FamilyRequest = {
    metric,
    iouType,
    dilationRatio: dilation === undefined ? undefined : ratio("--dilation-ratio", dilation, "open"),
    scoreThreshold: values["score-threshold"] === undefined ? undefined : ratio("--score-threshold", values["score-threshold"], "closed"),
    tide: values.tide,
  };
  return metric === "coco" && !request.tide && request.dilationRatio === undefined ? null : request;
}

/** The protocol the flags ask for (COCO's defaults otherwise). */
export function toEvalParams(values: FlagValues): EvalParams {
  const iouType = oneOf("--iou-type", values["iou-type"] ?? (values.metric === "lvis-fixed" ? "boundary" : "segm"), [
    "segm",
    "bbox",
    "boundary",
  ]);
  const average = oneOf("--average", values.average, ["macro", "micro"]);
  const params: EvalParams = { ...defaultParams(iouType), useCats: !values["no-cats"], classAveraging: average };
  if (values["iou-thrs"] !== undefined) params.iouThresholds = numberList("--iou-thrs", values["iou-thrs"]);
  if (values["max-dets"] !== undefined) params.maxDets = numberList("--max-dets", values["max-dets"]);
  return params;
}

/** --summarize: pycocotools' summarize reads maxDets[2], so it needs three (it raises IndexError below). */
export function toSummaryRule(values: FlagValues, params: EvalParams): "pycocotools" | "largest" {
  const rule = oneOf("--summarize", values.summarize, ["pycocotools", "largest"]);
  if (rule === "pycocotools" && params.maxDets.length < 3)
    throw new UsageError(
      `--max-dets ${params.maxDets.join(",")}: pycocotools' summarize reads maxDets[0], [1] and [2], so it needs at least 3 values; give 3 or more, or --summarize largest`,
    );
  return rule;
}

/** What --bootstrap asks for (docs/statistics.md). */
export type BootstrapRequest = { replicates: number; seed: number; level: number; comparePath: string | null };

/** The seed of the CLI's draws when --seed is not given. */
export const DEFAULT_BOOTSTRAP_SEED = 1;
const DEFAULT_CI_LEVEL = 0.95;
const MAX_SEED = 2147483647;

function wholeNumber(flag: string, text: string, min: number, max: number, what: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} ${JSON.stringify(text)}: give a whole number in [${min}, ${max}]${what}`);
  return value;
}

/**
 * --bootstrap, --seed, --ci-level and --compare, checked; null without --bootstrap. Replicates
 * re-accumulate COCOeval's matching with Maskboard's summary rule, so they need plain COCOeval and,
 * with pycocotools' rule, maxDets and thresholds for which both rules read the same numbers.
 */
export function toBootstrapRequest(values: FlagValues, family: FamilyRequest | null, params: EvalParams): BootstrapRequest | null {
  if (values.bootstrap === undefined) {
    const stray = (["seed", "ci-level", "compare"] as const).find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray} sets up the bootstrap: give --bootstrap B too (e.g. --bootstrap 1000)`);
    return null;
  }
  const replicates = wholeNumber(
    "--bootstrap",
    values.bootstrap,
    MIN_REPLICATES,
    MAX_REPLICATES,
    ` (the number of replicates; fewer than ${MIN_REPLICATES} make the 2.5% quantile a guess)`,
  );
  const seed = values.seed === undefined ? DEFAULT_BOOTSTRAP_SEED : wholeNumber("--seed", values.seed, 0, MAX_SEED, "");
  let level = DEFAULT_CI_LEVEL;
  if (values["ci-level"] !== undefined) {
    const text = values["ci-level"];
    level = Number(text);
    if (text.trim() === "" || !Number.isFinite(level) || level <= 0.5 || level >= 1)
      throw new UsageError(`--ci-level ${JSON.stringify(text)}: give the interval level as a number in (0.5, 1), e.g. 0.95`);
  }
  const comparePath = values.compare ?? null;
  if (comparePath !== null && (!fs.existsSync(comparePath) || !fs.statSync(comparePath).isFile()))
    throw new UsageError(`--compare ${comparePath}: no such file`);
  if (family)
    throw new UsageError("--bootstrap re-accumulates COCOeval's matching: use it with --metric coco, without --tide and --dilation-ratio");
  if (values.summarize === "pycocotools" && !summaryRulesAgree(params))
    throw new UsageError(
      `--bootstrap replicates the 12 numbers by Maskboard's rule, and with these --max-dets/--iou-thrs pycocotools' summarize reads others: add --summarize largest`,
    );
  return { replicates, seed, level, comparePath };
}
