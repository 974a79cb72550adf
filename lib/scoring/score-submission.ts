import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { CocoValidationError, MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { env } from "@/lib/config";
import {
  evaluateLvisSplits,
  evaluateMiouSplits,
  evaluateSplits,
  type CocoResult,
  type LvisGroundTruth,
  type PreparedGroundTruth,
} from "@/lib/eval";
import type { ResultTable } from "@/lib/eval/result-table";
import { evaluateFiles, EvaluationInputError, type EvaluateStep, type GroundTruthSource } from "@/lib/evaluation";
import { localPathForKey } from "@/lib/storage";
import { overallProgress, type Progress } from "@/lib/scoring/progress";
import { ScoringUserError } from "./errors";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { loadScoringContext } from "./scoring-context";
import { writeScores } from "./write-scores";
import { cocoSplitScore, lvisSplitScore, type SplitScore } from "./split-scores";
import { uploadReadLimits } from "@/lib/submissions/upload-limits";
import { retryWhileDatabaseUnavailable, SCORE_WRITE_RETRY_BUDGET_MS } from "./database-retry";

export type ScoreOptions = { onProgress?: (progress: Progress) => void };

function asList(results: readonly CocoResult[] | ResultTable): readonly CocoResult[] {
  if (!Array.isArray(results)) throw new Error("LVIS families read the results as objects, not as a column table");
  return results as readonly CocoResult[];
}

/**
 * The family's evaluation of every split in one run: COCOeval (COCO AP, Boundary AP) or LVISEval
 * (federated AP, Fixed AP), and mIoU from instances beside it when the config asks for it. `lvisGt`
 * (the parsed LVIS file, for its federated lists) and `miouGt` (the GT prepared for masks) are loaded
 * before the run: the step itself is synchronous.
 */
function scoringStep(
  ctx: Awaited<ReturnType<typeof loadScoringContext>>,
  lvisGt: LvisGroundTruth | null,
  miouGt: PreparedGroundTruth | null,
): EvaluateStep<Record<string, SplitScore>> {
  return ({ prepared, results, params, splits, options }) => {
    const miou =
      miouGt && ctx.miouScoreThreshold !== null
        ? evaluateMiouSplits(miouGt, results, splits, ctx.miouScoreThreshold, { parallel: options.parallel })
        : null;
    const out: Record<string, SplitScore> = {};
    if (lvisGt) {
      const bySplit = evaluateLvisSplits(
        lvisGt,
        asList(results),
        splits,
        {
          ...options,
          mode: ctx.metric === "LVIS_FIXED" ? "fixed" : "default",
          iouType: params.iouType,
          dilationRatio: params.dilationRatio,
        },
        prepared,
      );
      for (const [name, r] of Object.entries(bySplit)) out[name] = lvisSplitScore(ctx.primaryMetric, r, miou?.[name] ?? null);
    } else {
      const bySplit = evaluateSplits(prepared, results, params, splits, options);
      for (const [name, r] of Object.entries(bySplit)) out[name] = cocoSplitScore(ctx.primaryMetric, r, miou?.[name] ?? null);
    }
    return out;
  };
}

/**
 * Scores a RUNNING submission against its phase's hidden ground truth and current protocol, on every
 * split, and stores the result (see writeScores). A bad results file throws ScoringUserError.
 * CPU-bound: the worker runs it in a worker thread (worker/evaluation-thread.ts).
 */
export async function scoreSubmission(submissionId: string, opts: ScoreOptions = {}): Promise<void> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const { iouType } = ctx.params;
  const lvis = ctx.metric !== "COCO";
  // The process's cache by sha256: parsing and rasterizing a large ground truth takes seconds.
  let prepared: Promise<PreparedGroundTruth> | null = null;
  const groundTruth: GroundTruthSource = {
    listing: loadGroundTruth(ctx.groundTruth, iouType, lvis),
    get prepared() {
      prepared ??= loadPreparedGroundTruth(ctx.groundTruth, iouType, ctx.params.dilationRatio, lvis);
      return prepared;
    },
    close() {},
  };
  const file = await localPathForKey(ctx.resultsStorageKey);
  let bySplit: Record<string, SplitScore>;
  try {
    const lvisGt = lvis ? ((await groundTruth.listing) as LvisGroundTruth) : null;
    // mIoU compares masks: the phase's own preparation when it is COCO segm, else one for masks.
    const miouGt =
      ctx.miouScoreThreshold === null
        ? null
        : !lvis && iouType === "segm"
          ? await groundTruth.prepared
          : await loadPreparedGroundTruth(ctx.groundTruth, "segm");
    // Typed columns as the file streams, counts as bytes (spilled to DATA_DIR/tmp past 256 MiB): memory
    // stays bounded whatever the file's size (lib/coco/result-columns.ts). LVISEval's limits and
    // federated filter read the results as objects, and so does mIoU on a bbox phase (its table keeps boxes). The web process read only the file's start: the
    // expansion cap and token limits hold for all of it.
    const source = {
      path: file,
      byteSize: (await stat(file)).size,
      spillDir: lvis || (miouGt && iouType === "bbox") ? undefined : path.join(env.DATA_DIR, "tmp"),
      readOptions: uploadReadLimits(),
    };
    ({ result: bySplit } = await evaluateFiles(groundTruth, source, ctx.params, {
      mode: "challenge",
      splits: ctx.splits,
      imageSetName: ctx.imageSetName,
      maxProblems: MAX_LISTED_PROBLEMS,
      onProgress: (stage, f) => report(overallProgress(stage, f)),
      evaluate: scoringStep(ctx, lvisGt, miouGt),
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
