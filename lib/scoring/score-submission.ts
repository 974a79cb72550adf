import "server-only";
import { CocoValidationError, MAX_LISTED_PROBLEMS, parseResultsFile } from "@/lib/coco";
import { evaluateSplits, EvalInputError, type CocoResult } from "@/lib/eval";
import { localPathForKey } from "@/lib/storage";
import { overallProgress, type Progress } from "@/lib/scoring/progress";
import { ScoringUserError } from "./errors";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
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
    results = await parseResultsFile(await localPathForKey(ctx.resultsStorageKey), {
      gt,
      iouType: ctx.params.iouType,
      useCats: ctx.params.useCats,
      imageSetName: ctx.imageSetName,
      maxProblems: MAX_LISTED_PROBLEMS,
      // The evaluator decodes every mask anyway and rejects runs that miss h*w with the detection's index.
      checkRunLengths: false,
      onProgress: (f: number) => report(overallProgress("parsing", f)),
    });
  } catch (e) {
    if (e instanceof CocoValidationError) throw new ScoringUserError(e.code, e.message, e.problems, e.total);
    throw e;
  }

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
