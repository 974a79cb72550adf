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
  "iou-type": { type: "string", arg: "segm|bbox", default: "segm", help: "score masks (default) or boxes" },
  "no-cats": { type: "boolean", default: false, help: "ignore categories (pycocotools useCats=0)" },
  average: { type: "string", arg: "macro|micro", default: "macro", help: "average over classes (default macro, as COCO)" },
  "iou-thrs": { type: "string", arg: "LIST", help: "IoU thresholds, e.g. 0.5,0.75 (default 0.50:0.05:0.95)" },
  "max-dets": { type: "string", arg: "LIST", help: "detections kept per image, e.g. 1,10,100 (default)" },
  strict: {
    type: "boolean",
    default: false,
    help: "the platform's rules (a challenge's): refuse unknown categories, short or odd polygon parts and RLE sizes other than the image's, which pycocotools (the default) scores",
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

/** The protocol the flags ask for (COCO's defaults otherwise). */
export function toEvalParams(values: FlagValues): EvalParams {
  const iouType = oneOf("--iou-type", values["iou-type"], ["segm", "bbox"]);
  const average = oneOf("--average", values.average, ["macro", "micro"]);
  const params: EvalParams = { ...defaultParams(iouType), useCats: !values["no-cats"], classAveraging: average };
  if (values["iou-thrs"] !== undefined) params.iouThresholds = numberList("--iou-thrs", values["iou-thrs"]);
  if (values["max-dets"] !== undefined) params.maxDets = numberList("--max-dets", values["max-dets"]);
  return params;
}
