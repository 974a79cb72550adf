import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { CocoValidationError, MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { readResultTable, type ReadTable } from "@/lib/coco/result-columns";
import { env } from "@/lib/config";
import { evaluateSplits, EvalInputError } from "@/lib/eval";
import { localPathForKey } from "@/lib/storage";
import { overallProgress, type Progress } from "@/lib/scoring/progress";
import { ScoringUserError } from "./errors";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { loadScoringContext, type ScoringContext } from "./scoring-context";
import { writeScores } from "./write-scores";
import { uploadReadLimits } from "@/lib/submissions/upload-limits";

export type ScoreOptions = { onProgress?: (progress: Progress) => void };

/**
 * Scores a RUNNING submission against its phase's hidden ground truth and current protocol, on every
 * split, and stores the result (see writeScores). A bad results file throws ScoringUserError.
 * CPU-bound: the worker runs it in a worker thread (worker/evaluation-thread.ts).
 */
export async function scoreSubmission(submissionId: string, opts: ScoreOptions = {}): Promise<void> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const gt = await loadGroundTruth(ctx.groundTruth, ctx.params.iouType);

  // Typed columns as the file streams, counts as bytes (spilled to DATA_DIR/tmp past 256 MiB): memory
  // stays bounded whatever the file's size (lib/coco/result-columns.ts). Scores equal parseResultsFile's.
  const file = await localPathForKey(ctx.resultsStorageKey);
  let results: ReadTable;
  try {
    results = await readResultTable(file, {
      // The web process read only the file's start: the expansion cap and token limits hold for all of it.
      ...uploadReadLimits(),
      gt,
      byteSize: (await stat(file)).size,
      spillDir: path.join(env.DATA_DIR, "tmp"),
      iouType: ctx.params.iouType,
      useCats: ctx.params.useCats,
      imageSetName: ctx.imageSetName,
      maxProblems: MAX_LISTED_PROBLEMS,
      onProgress: (f: number) => report(overallProgress("parsing", f)),
    });
  } catch (e) {
    if (e instanceof CocoValidationError) throw new ScoringUserError(e.code, e.message, e.problems, e.total);
    if (e instanceof EvalInputError)
      throw new ScoringUserError("invalid_results", `The results file has a problem: ${e.message}`, e.problems);
    throw e;
  }
  try {
    await evaluateAndWrite(ctx, results, report);
  } finally {
    results.dispose();
  }
}

async function evaluateAndWrite(ctx: ScoringContext, results: ReadTable, report: (p: Progress) => void): Promise<void> {
  const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
  let bySplit: ReturnType<typeof evaluateSplits>;
  try {
    bySplit = evaluateSplits(prepared, results, ctx.params, ctx.splits, {
      onProgress: (stage, f) => report(overallProgress(stage, f)),
    });
  } catch (e) {
    // What the evaluator refuses in a results file (the parser left run lengths and polygon sizes to it).
    if (e instanceof EvalInputError)
      throw new ScoringUserError("invalid_results", `The results file has a problem: ${e.message}`, e.problems);
    throw e;
  }
  await writeScores(ctx, bySplit);
}
