// Scores a COCO results file against a ground truth, like pycocotools' COCOeval, from the shell:
//   npm run --silent eval -- --gt GT.json --dt RESULTS.json [--iou-type segm|bbox] [--no-cats]
//     [--average macro|micro] [--iou-thrs 0.5,0.75] [--max-dets 1,10,100] [--json] [--timings]
//     [--gt-thread auto|on|off]
// Exit codes: 0 scored, 2 bad input (message on stderr), 1 internal error. `npm run eval` starts it
// through scripts/eval-cli.mjs (a cached bundle); the same file is the ground-truth thread's entry.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import {
  defaultParams,
  evaluateSplits,
  prepareGroundTruth,
  startEvaluatorThreads,
  type CocoGroundTruth,
  type CocoResult,
  type EvalParams,
  type EvalStage,
  type IouType,
  type PreparedGroundTruth,
} from "@/lib/eval";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { formatClassTable, formatCocoSummary } from "@/lib/coco/report-text";
import { AppError, errorReport, type ErrorReport } from "@/lib/errors";

const USAGE = `usage: npm run --silent eval -- --gt GT.json --dt RESULTS.json [options]
  --gt PATH            COCO ground truth (.json, .json.gz or .zip)
  --dt PATH            COCO results: a JSON array of detections (.json, .json.gz or .zip)
  --iou-type segm|bbox score masks (default) or boxes
  --no-cats            ignore categories (pycocotools useCats=0)
  --average macro|micro  average over classes (default macro, as COCO)
  --iou-thrs LIST      IoU thresholds, e.g. 0.5,0.75 (default 0.50:0.05:0.95)
  --max-dets LIST      detections kept per image, e.g. 1,10,100 (default)
  --json               print one JSON object (full precision) instead of text
  --timings            print stage timings and peak memory on stderr
  --gt-thread auto|on|off  rasterize the ground truth in a second thread while the results
                       are read (auto: when the GT file is 4 MiB or more)`;

/** Below this size the ground truth is rasterized in-process: a thread costs ~0.1-0.3 s to start. */
const THREAD_FOR_GT_BYTES = 4 * 1024 * 1024;

/** A bad command line: reported with the usage and exit code 2. */
class UsageError extends AppError {
  constructor(message: string) {
    super({ status: 400, code: "usage", message });
  }
}

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

function readOptions(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        gt: { type: "string" },
        dt: { type: "string" },
        "iou-type": { type: "string", default: "segm" },
        "no-cats": { type: "boolean", default: false },
        average: { type: "string", default: "macro" },
        "iou-thrs": { type: "string" },
        "max-dets": { type: "string" },
        json: { type: "boolean", default: false },
        timings: { type: "boolean", default: false },
        "gt-thread": { type: "string", default: "auto" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!parsed.gt || !parsed.dt) throw new UsageError(`both --gt and --dt are required`);
  for (const flag of ["gt", "dt"] as const) {
    if (!fs.existsSync(parsed[flag]!) || !fs.statSync(parsed[flag]!).isFile())
      throw new UsageError(`--${flag} ${parsed[flag]}: no such file`);
  }
  const iouType = parsed["iou-type"];
  if (iouType !== "segm" && iouType !== "bbox") throw new UsageError(`--iou-type must be segm or bbox, got ${JSON.stringify(iouType)}`);
  const average = parsed.average;
  if (average !== "macro" && average !== "micro") throw new UsageError(`--average must be macro or micro, got ${JSON.stringify(average)}`);
  const params: EvalParams = { ...defaultParams(iouType), useCats: !parsed["no-cats"], classAveraging: average };
  if (parsed["iou-thrs"] !== undefined) params.iouThresholds = numberList("--iou-thrs", parsed["iou-thrs"]);
  if (parsed["max-dets"] !== undefined) params.maxDets = numberList("--max-dets", parsed["max-dets"]);
  const gtThread = parsed["gt-thread"];
  if (gtThread !== "auto" && gtThread !== "on" && gtThread !== "off")
    throw new UsageError(`--gt-thread must be auto, on or off, got ${JSON.stringify(gtThread)}`);
  // Worker threads do not inherit tsx's loader: from source (not the bundle) everything runs here.
  const canThread = !import.meta.url.endsWith(".ts");
  const useThread = canThread && (gtThread === "auto" ? fs.statSync(parsed.gt).size >= THREAD_FOR_GT_BYTES : gtThread === "on");
  return { gtPath: parsed.gt, dtPath: parsed.dt, params, json: parsed.json, timings: parsed.timings, useThread };
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const { params } = options;
  const started = performance.now();
  const timings: [string, number][] = [];
  let mark = started;
  const lap = (stage: string) => {
    const now = performance.now();
    timings.push([stage, now - mark]);
    mark = now;
  };

  const inputs = readInputs(options, lap); // starts the ground-truth thread first: the critical path
  // The mask decoder's helper thread boots (30-100 ms) while the files are read, not at decode time.
  startEvaluatorThreads();
  const { gt, prepared, results } = await inputs;
  // Stage names for --timings. evaluateSplits reports IoUs as matching 0..0.8, the matching as 0.8..1.
  let stage: string | null = null;
  const onProgress = (evalStage: EvalStage, fraction: number) => {
    const next =
      evalStage === "loading"
        ? "decode (loadRes)"
        : evalStage === "accumulating"
          ? "accumulate"
          : fraction < 0.8
            ? "compute IoUs"
            : "match";
    if (next === stage) return;
    if (stage) lap(stage);
    stage = next;
  };
  const result = evaluateSplits(prepared, results, params, { all: gt.images.map((img) => img.id) }, { onProgress }).all;
  lap(stage ?? "evaluate");

  if (options.json) {
    const { iouType, params: used, stats, perClass } = result;
    process.stdout.write(JSON.stringify({ iouType, params: used, stats, perClass }) + "\n");
  } else {
    process.stdout.write([...formatCocoSummary(result), "", ...formatClassTable(result.perClass)].join("\n") + "\n");
  }
  if (options.timings) {
    const lines = timings.map(([name, ms]) => `${name.padEnd(22)} ${(ms / 1000).toFixed(3)} s`);
    lines.push(`${"total (in process)".padEnd(22)} ${((performance.now() - started) / 1000).toFixed(3)} s`);
    const usage = process.resourceUsage();
    lines.push(`${"cpu (user+sys)".padEnd(22)} ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(3)} s`);
    lines.push(`${"peak RSS".padEnd(22)} ${(usage.maxRSS / 1024).toFixed(0)} MiB`);
    process.stderr.write(lines.join("\n") + "\n");
  }
}

type Inputs = { gt: CocoGroundTruth; prepared: PreparedGroundTruth; results: CocoResult[] };

async function readInputs(
  { gtPath, dtPath, params, useThread }: { gtPath: string; dtPath: string; params: EvalParams; useThread: boolean },
  lap: (stage: string) => void,
): Promise<Inputs> {
  const { iouType, useCats } = params;
  // The evaluator decodes every mask and rejects bad runs itself (with the detection's index).
  const readResults = (gt: CocoGroundTruth | Promise<CocoGroundTruth>) =>
    parseResultsFile(dtPath, { gt, iouType, useCats, checkRunLengths: false, boxesAsMasks: true });
  if (!useThread) {
    const { gt } = await parseGroundTruthFile(gtPath, { iouType });
    lap("read ground truth");
    const prepared = prepareGroundTruth(gt, iouType);
    lap("prepare ground truth");
    const results = await readResults(gt);
    lap("read+parse results");
    return { gt, prepared, results };
  }
  // Two cores' worth: a second thread reads, validates and rasterizes the ground truth while this
  // one reads the results. It sends the images and categories first; the results are parsed
  // meanwhile and checked against them when they arrive.
  const started = performance.now();
  const thread = groundTruthThread(gtPath, iouType);
  try {
    let listedAfter = 0;
    const listing = thread.listing.then((l): CocoGroundTruth => {
      listedAfter = performance.now() - started;
      return { ...l, annotations: [] };
    });
    const results = await readResults(listing);
    const gt = await listing;
    lap(`read+parse results (GT listing came after ${(listedAfter / 1000).toFixed(3)} s)`);
    const { prepared, ms } = await thread.prepared;
    lap(`wait for GT thread (it prepared the GT in ${(ms / 1000).toFixed(3)} s)`);
    return { gt, prepared, results };
  } finally {
    void thread.worker.terminate();
  }
}

type Listing = Pick<CocoGroundTruth, "images" | "categories">;
type ThreadMessage =
  | { kind: "listing"; listing: Listing }
  | { kind: "prepared"; prepared: PreparedGroundTruth; ms: number }
  | { kind: "error"; report: ErrorReport; stack: string };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function groundTruthThread(gtPath: string, iouType: IouType) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { gtPath, iouType } });
  const listing = deferred<Listing>();
  const prepared = deferred<{ prepared: PreparedGroundTruth; ms: number }>();
  prepared.promise.catch(() => {}); // awaited later; an early error surfaces through `listing`
  const fail = (e: Error) => (listing.reject(e), prepared.reject(e));
  worker.on("message", (m: ThreadMessage) => {
    if (m.kind === "listing") listing.resolve(m.listing);
    else if (m.kind === "prepared") prepared.resolve(m);
    // A refusal keeps its report (code, problems, fault); a bug keeps its stack.
    else fail(m.report.fault === "user" ? new AppError(m.report) : Object.assign(new Error(m.stack), { stack: m.stack }));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`the ground-truth thread stopped (exit code ${code})`)));
  return { worker, listing: listing.promise, prepared: prepared.promise };
}

/**
 * The buffers under the typed arrays of an object and its sub-objects: the thread is done with its
 * prepared ground truth, so they are moved to the main thread instead of copied.
 */
function typedArrayBuffers(value: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    } else if (depth > 0 && typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      for (const child of Object.values(v)) visit(child, depth - 1);
    }
  };
  visit(value, 2);
  return [...buffers];
}

async function groundTruthThreadMain() {
  const { gtPath, iouType } = workerData as { gtPath: string; iouType: IouType };
  const send = (m: ThreadMessage) => parentPort!.postMessage(m);
  try {
    const { gt } = await parseGroundTruthFile(gtPath, { iouType });
    send({ kind: "listing", listing: { images: gt.images, categories: gt.categories } });
    const started = performance.now();
    const prepared = prepareGroundTruth(gt, iouType);
    const ms = performance.now() - started;
    parentPort!.postMessage({ kind: "prepared", prepared, ms } satisfies ThreadMessage, typedArrayBuffers(prepared));
  } catch (e) {
    send({ kind: "error", report: errorReport(e), stack: String((e as Error)?.stack ?? e) });
  }
}

if (!isMainThread) await groundTruthThreadMain();
else
  main().catch((e: Error) => {
    // Exit 2 for every refusal of the input (lib/errors: the user's fault), 1 only for a bug.
    if (errorReport(e).fault === "user") {
      process.stderr.write(`error: ${e.message}\n`);
      if (e instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`internal error: ${e?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  });
