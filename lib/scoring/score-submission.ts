import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { CocoValidationError, MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { env } from "@/lib/config";
import type { EvalResult, PreparedGroundTruth } from "@/lib/eval";
import { evaluateFiles, EvaluationInputError, type GroundTruthSource } from "@/lib/evaluation";
import { localPathForKey } from "@/lib/storage";
import { overallProgress, type Progress } from "@/lib/scoring/progress";
import { ScoringUserError } from "./errors";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { loadScoringContext } from "./scoring-context";
import { writeScores } from "./write-scores";
import { uploadReadLimits } from "@/lib/submissions/upload-limits";
import { retryWhileDatabaseUnavailable, SCORE_WRITE_RETRY_BUDGET_MS } from "./database-retry";

export type ScoreOptions = { onProgress?: (progress: Progress) => void };

/**
 * Scores a RUNNING submission against its phase's hidden ground truth and current protocol, on every
 * split, and stores the result (see writeScores). A bad results file throws ScoringUserError.
 * CPU-bound: the worker runs it in a worker thread (worker/evaluation-thread.ts).
 */
export async function scoreSubmission(submissionId: string, opts: ScoreOptions = {}): Promise<void> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const { iouType } = ctx.params;
  // The process's cache by sha256: parsing and rasterizing a large ground truth takes seconds.
  let prepared: Promise<PreparedGroundTruth> | null = null;
  const groundTruth: GroundTruthSource = {
    listing: loadGroundTruth(ctx.groundTruth, iouType),
    get prepared() {
      prepared ??= loadPreparedGroundTruth(ctx.groundTruth, iouType, ctx.params.dilationRatio);
      return prepared;
    },
    close() {},
  };
  const file = await localPathForKey(ctx.resultsStorageKey);
  let bySplit: Record<string, EvalResult>;
  try {
    // Typed columns as the file streams, counts as bytes (spilled to DATA_DIR/tmp past 256 MiB): memory
    // stays bounded whatever the file's size (lib/coco/result-columns.ts). The web process read only
    // the file's start: the expansion cap and token limits hold for all of it.
    const source = {
      path: file,
      byteSize: (await stat(file)).size,
      spillDir: path.join(env.DATA_DIR, "tmp"),
      readOptions: uploadReadLimits(),
    };
    ({ result: bySplit } = await evaluateFiles(groundTruth, source, ctx.params, {
      mode: "challenge",
      splits: ctx.splits,
      imageSetName: ctx.imageSetName,
      maxProblems: MAX_LISTED_PROBLEMS,
      onProgress: (stage, f) => report(overallProgress(stage, f)),
    }));
  } catch (e) {
    if (e instanceof CocoValidationError) throw new ScoringUserError(e.code, e.message, e.problems, e.total);
    // What the evaluator refuses in a results file (the parser left run lengths and polygon sizes to it).
    if (e instanceof EvaluationInputError)
      throw new ScoringUserError("invalid_results", `The results file has a problem: ${e.message}`, e.problems);
    throw e;
  }
  // Minutes of evaluation are not thrown away for a database restart: the result stays in memory
  // while the write is retried.
  await retryWhileDatabaseUnavailable(`submission ${ctx.submissionId}: writing scores`, () => writeScores(ctx, bySplit), {
    budgetMs: SCORE_WRITE_RETRY_BUDGET_MS,
  });
}
