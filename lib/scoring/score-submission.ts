import "server-only";
import { CocoValidationError, parseResultsFile } from "@/lib/coco";
import { evaluateSplits, type CocoResult } from "@/lib/eval";
import { pathForKey } from "@/lib/storage";
import { overallProgress, type Progress } from "@/lib/submissions/progress";
import { MAX_LISTED_PROBLEMS } from "@/lib/submissions/pre-queue-validation";
import { ScoringUserError } from "./errors";
import { loadGroundTruth, loadPreparedGroundTruth } from "./ground-truth-cache";
import { loadScoringContext } from "./scoring-context";
import { writeScores } from "./write-scores";

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

  let results: CocoResult[];
  try {
    results = await parseResultsFile(pathForKey(ctx.resultsStorageKey), {
      gt,
      iouType: ctx.params.iouType,
      useCats: ctx.params.useCats,
      maxProblems: MAX_LISTED_PROBLEMS,
      onProgress: (f: number) => report(overallProgress("parsing", f)),
    });
  } catch (e) {
    if (e instanceof CocoValidationError) throw new ScoringUserError(e.code, e.message);
    throw e;
  }

  const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const bySplit = evaluateSplits(prepared, results, ctx.params, ctx.splits, {
    onProgress: (stage, f) => report(overallProgress(stage, f)),
  });
  await writeScores(ctx, bySplit);
}
