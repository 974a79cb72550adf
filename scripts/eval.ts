// Scores a COCO results file against a ground truth exactly as pycocotools' COCOeval does, from the shell:
//   npm run --silent eval -- --gt GT.json --dt RESULTS.json [--iou-type segm|bbox] [--no-cats] [--strict]
//     [--average macro|micro] [--iou-thrs 0.5,0.75] [--max-dets 1,10,100] [--json] [--timings]
//     [--gt-thread auto|on|off] [--iou-type boundary [--dilation-ratio R]] [--metric lvis|lvis-fixed|miou
//     [--score-threshold S]] [--tide] [--bootstrap B [--seed N] [--ci-level L] [--compare OTHER.json]]
// Exit codes: 0 scored, 2 bad input (message on stderr), 1 internal error. `npm run eval` starts it
// through scripts/eval-cli.mjs (a cached bundle); the same file is the ground-truth thread's entry.
// Flags: scripts/eval/options.ts; what is printed: scripts/eval/output.ts; the pipeline: lib/evaluation.
import fs from "node:fs";
import { isMainThread } from "node:worker_threads";
import { errorReport } from "@/lib/errors";
import { startEvaluatorThreads, STAT_NAMES, type EvalResult, type EvalStage } from "@/lib/eval";
import {
  evaluateFiles,
  familyGroundTruthFromFile,
  familyStep,
  groundTruthFromFile,
  groundTruthInThread,
  isGroundTruthThread,
  serveGroundTruthThread,
  type EvaluationMode,
  type GroundTruthSource,
} from "@/lib/evaluation";
import { bootstrapStep, runBootstrap } from "./eval/bootstrap";
import {
  oneOf,
  readCommandLine,
  toBootstrapRequest,
  toEvalParams,
  toFamilyRequest,
  toSummaryRule,
  usage,
  UsageError,
} from "./eval/options";
import { jsonOutput, textOutput, type CliRun } from "./eval/output";
import type { CocoGroundTruth } from "@/lib/eval";

/** Below this size the ground truth is rasterized in-process: a thread costs ~0.1-0.3 s to start. */
const THREAD_FOR_GT_BYTES = 4 * 1024 * 1024;

async function main() {
  const command = readCommandLine(process.argv.slice(2));
  if (!command) return;
  const { values, gtPath, dtPath } = command;
  const params = toEvalParams(values);
  const family = toFamilyRequest(values);
  const summaryRule = toSummaryRule(values, params);
  const bootstrap = toBootstrapRequest(values, family, params);
  const mode: EvaluationMode = values.strict ? "challenge" : "pycocotools";
  const gtThread = oneOf("--gt-thread", values["gt-thread"], ["auto", "on", "off"]);
  // Worker threads do not inherit tsx's loader: from source (not the bundle) everything runs here.
  const canThread = !import.meta.url.endsWith(".ts");
  const useThread = !family && canThread && (gtThread === "auto" ? fs.statSync(gtPath).size >= THREAD_FOR_GT_BYTES : gtThread === "on");

  const started = performance.now();
  const timings: [string, number][] = [];
  let mark = started;
  const lap = (stage: string) => {
    const now = performance.now();
    timings.push([stage, now - mark]);
    mark = now;
  };

  // The ground-truth thread starts first: it is the critical path.
  // LVIS, mIoU, TIDE and other boundary widths: the ground truth prepared (and kept) for the family.
  const familySource = family ? familyGroundTruthFromFile(gtPath, family, mode) : null;
  const groundTruth: GroundTruthSource =
    familySource ??
    (useThread
      ? groundTruthInThread(gtPath, params.iouType, mode, new URL(import.meta.url))
      : groundTruthFromFile(gtPath, params.iouType, mode));
  let listedAfter = 0;
  let preparedMs = 0;
  void groundTruth.listing.then(
    () => (listedAfter = performance.now() - started),
    () => {},
  );
  groundTruth.preparedInMs?.then(
    (ms) => (preparedMs = ms),
    () => {},
  );
  // The mask decoder's helper thread boots (30-100 ms) while the files are read, not at decode time.
  startEvaluatorThreads();

  // Stage names for --timings. evaluateSplits reports IoUs as matching 0..0.8, the matching as 0.8..1.
  let stage: string | null = null;
  const onProgress = (evalStage: EvalStage | "parsing", fraction: number) => {
    if (evalStage === "parsing") return;
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
  const onStageEnd = (name: string) => {
    if (!useThread) return lap(name);
    if (name === "read+parse results") lap(`read+parse results (GT listing came after ${(listedAfter / 1000).toFixed(3)} s)`);
    else if (name === "prepare ground truth") lap(`wait for GT thread (it prepared the GT in ${(preparedMs / 1000).toFixed(3)} s)`);
  };
  let run: CliRun;
  if (family && familySource) {
    let gt: CocoGroundTruth | null = null;
    void familySource.gt.then(
      (g) => (gt = g),
      () => {},
    );
    const { result, warnings } = await evaluateFiles(familySource, { path: dtPath }, params, {
      mode,
      onProgress,
      onStageEnd,
      evaluate: familyStep(family, () => gt!),
    });
    run = { values, params, result: result.coco?.all ?? null, family: result, warnings, bootstrap: null };
  } else if (bootstrap) {
    const evalOptions = { summaryRule };
    const { result, listing, warnings } = await evaluateFiles(groundTruth, { path: dtPath }, params, {
      mode,
      onProgress,
      onStageEnd,
      evalOptions,
      evaluate: bootstrapStep,
    });
    lap(stage ?? "evaluate");
    stage = bootstrap.comparePath === null ? "bootstrap" : "--compare file + bootstrap"; // lapped below
    const replicated = await runBootstrap(result, listing, bootstrap, params, { mode, evalOptions }, warnings);
    run = { values, params, result: result.all, family: null, warnings, bootstrap: replicated };
  } else {
    const { result, warnings } = await evaluateFiles(groundTruth, { path: dtPath }, params, {
      mode,
      onProgress,
      onStageEnd,
      evalOptions: { summaryRule },
    });
    run = { values, params, result: result.all, family: null, warnings, bootstrap: null };
  }
  lap(stage ?? "evaluate");

  for (const w of run.warnings) process.stderr.write(`warning: ${w.message}\n`);
  const note = run.result && summaryRuleNote(run.result);
  if (note) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(values.json ? jsonOutput(run) : textOutput(run));
  if (values.timings) {
    const lines = timings.map(([name, ms]) => `${name.padEnd(22)} ${(ms / 1000).toFixed(3)} s`);
    lines.push(`${"total (in process)".padEnd(22)} ${((performance.now() - started) / 1000).toFixed(3)} s`);
    const usage = process.resourceUsage();
    lines.push(`${"cpu (user+sys)".padEnd(22)} ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(3)} s`);
    lines.push(`${"peak RSS".padEnd(22)} ${(usage.maxRSS / 1024).toFixed(0)} MiB`);
    process.stderr.write(lines.join("\n") + "\n");
  }
}

/** When pycocotools' summary rule gave other numbers than Maskboard's would: which, and why. */
function summaryRuleNote(result: EvalResult): string | null {
  const other = result.statsLargest;
  if (!other) return null;
  const differ = STAT_NAMES.flatMap((name, i) =>
    Object.is(result.stats[i], other[i]) ? [] : [`${name} ${result.stats[i]} (largest: ${other[i]})`],
  );
  if (differ.length === 0) return null;
  return (
    `pycocotools' summarize reads AP at maxDets=100, the other numbers at maxDets[2] and IoU 0.5/0.75 by exact equality; ` +
    `with these maxDets and thresholds that differs from Maskboard's rule (--summarize largest, as challenges score): ${differ.join(", ")}`
  );
}

if (!isMainThread) {
  if (isGroundTruthThread()) await serveGroundTruthThread();
} else
  main().catch((e: Error) => {
    // Exit 2 for every refusal of the input (lib/errors: the user's fault), 1 only for a bug.
    if (errorReport(e).fault === "user") {
      process.stderr.write(`error: ${e.message}\n`);
      if (e instanceof UsageError) process.stderr.write(`\n${usage()}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`internal error: ${e?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  });
