import "server-only";
import { stat } from "node:fs/promises";
import { MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  evaluateTide,
  prepareGroundTruth,
  type CocoGroundTruth,
  type CocoResult,
  type IouType,
  type TideMode,
  type TideResult,
} from "@/lib/eval";
import { evaluateFiles, type GroundTruthSource } from "@/lib/evaluation";
import { Prisma } from "@/lib/generated/prisma/client";
import { loadScoringContext } from "@/lib/scoring/scoring-context";
import { localPathForKey } from "@/lib/storage";
import { uploadReadLimits } from "@/lib/submissions/upload-limits";

const MiB = 1024 * 1024;

export type TideOutcome =
  | { written: true; status: "DONE" | "SKIPPED" }
  | { written: false; reason: "not_finished" | "no_scores" | "done" | "not_coco" | "outdated" };

/**
 * TIDE is defined on masks and boxes: a segm phase is analysed on masks, a bbox phase on boxes, and a
 * Boundary AP phase on masks (boundary IoU is not one of TIDE's modes; its errors are the masks' own).
 */
export function tideModeOf(iouType: IouType): TideMode {
  return iouType === "bbox" ? "bbox" : "mask";
}

/** The ground truth of `imageIds` only, in file order: annotations of other images dropped. */
export function restrictToImages(gt: CocoGroundTruth, imageIds: ReadonlySet<number>): CocoGroundTruth {
  return {
    ...gt,
    images: gt.images.filter((img) => imageIds.has(img.id)),
    annotations: gt.annotations.filter((a) => imageIds.has(a.image_id)),
  };
}

type Row = Omit<Prisma.TideAnalysisUncheckedCreateInput, "createdAt">;

/**
 * Stores the analysis of the score finished at `row.scoredAt`, only while that score is still the
 * submission's (a re-run in the meantime brings its own analysis): false when it is not.
 */
async function writeIfCurrent(row: Row): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const now = await tx.submission.findUnique({ where: { id: row.submissionId }, select: { status: true, finishedAt: true } });
    if (now?.status !== "FINISHED" || now.finishedAt?.getTime() !== new Date(row.scoredAt).getTime()) return false;
    // A SKIPPED or FAILED row replaces an earlier DONE one whole: no numbers of another score remain.
    const full = { ap50: null, mainErrors: Prisma.DbNull, specialErrors: Prisma.DbNull, errorCounts: Prisma.DbNull, message: null, ...row };
    await tx.tideAnalysis.upsert({ where: { submissionId: row.submissionId }, create: full, update: { ...full, createdAt: new Date() } });
    return true;
  });
}

/**
 * The follow-up of a scored submission (docs/tide.md): TIDE's error analysis of its results on the
 * public split (the private split's ground truth never feeds feedback to the teams), stored as a
 * TideAnalysis row. COCO-family phases only. Results files over TIDE_MAX_RESULTS_MB, or ones the
 * analysis refuses, are recorded as SKIPPED with the reason; the score is never touched. CPU-bound:
 * the worker runs it in a worker thread.
 */
export async function computeTideAnalysis(submissionId: string): Promise<TideOutcome> {
  const submission = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      status: true,
      finishedAt: true,
      phaseId: true,
      evalConfigVersion: true,
      scores: { select: { split: true } },
      tideAnalysis: { select: { scoredAt: true } },
    },
  });
  const scoredAt = submission.finishedAt;
  if (submission.status !== "FINISHED" || !scoredAt) return { written: false, reason: "not_finished" };
  if (submission.scores.length === 0) return { written: false, reason: "no_scores" };
  if (submission.tideAnalysis?.scoredAt.getTime() === scoredAt.getTime()) return { written: false, reason: "done" };
  const version = submission.evalConfigVersion ?? 0;
  const config =
    version === 0
      ? null
      : await prisma.evalConfig.findUnique({
          where: { phaseId_version: { phaseId: submission.phaseId, version } },
          select: { metric: true },
        });
  // TIDE analyses COCO-style matching; LVIS's federated rules are another question.
  if (config && config.metric !== "COCO") return { written: false, reason: "not_coco" };
  const ctx = await loadScoringContext(submissionId);
  if (ctx.evalConfigVersion !== version) return { written: false, reason: "outdated" };

  const mode = tideModeOf(ctx.params.iouType);
  const row = { submissionId, scoredAt, evalConfigVersion: version, mode, split: "PUBLIC" } as const;
  const skip = async (message: string): Promise<TideOutcome> =>
    (await writeIfCurrent({ ...row, status: "SKIPPED", message }))
      ? { written: true, status: "SKIPPED" }
      : { written: false, reason: "outdated" };

  const file = await localPathForKey(ctx.resultsStorageKey);
  const byteSize = (await stat(file)).size;
  const limit = env.TIDE_MAX_RESULTS_MB * MiB;
  const tooLarge = `The results file is over ${env.TIDE_MAX_RESULTS_MB} MiB, the largest the TIDE analysis reads (TIDE_MAX_RESULTS_MB); its scores are unaffected.`;
  if (byteSize > limit) return skip(tooLarge);

  const iouType = mode === "bbox" ? "bbox" : "segm";
  const gt = await loadGroundTruth(ctx.groundTruth, iouType);
  const analysed = ctx.splits.private ? restrictToImages(gt, new Set(ctx.splits.public)) : gt;
  let prepared: ReturnType<typeof loadPreparedGroundTruth> | null = null;
  const groundTruth: GroundTruthSource = {
    listing: Promise.resolve(gt),
    get prepared() {
      // Without a private split the worker's cached preparation is the analysed ground truth itself.
      prepared ??= ctx.splits.private
        ? Promise.resolve().then(() => prepareGroundTruth(analysed, iouType))
        : loadPreparedGroundTruth(ctx.groundTruth, iouType);
      return prepared;
    },
    close() {},
  };
  const limits = uploadReadLimits();
  let tide: TideResult;
  try {
    ({ result: tide } = await evaluateFiles<TideResult>(
      groundTruth,
      { path: file, byteSize, readOptions: { ...limits, maxExpandedBytes: Math.min(limits.maxExpandedBytes ?? limit, limit) } },
      { ...ctx.params, iouType },
      {
        mode: "challenge",
        imageSetName: ctx.imageSetName,
        maxProblems: MAX_LISTED_PROBLEMS,
        // Results on private images are skipped: they are not in the analysed ground truth.
        evaluate: ({ prepared, results }) => evaluateTide(analysed, results as readonly CocoResult[], { mode }, prepared),
      },
    ));
  } catch (e) {
    // The file was scored, so a refusal here is the analysis's own limit (a compressed file expanding
    // past TIDE_MAX_RESULTS_MB): recorded for the team, never retried.
    if (e instanceof AppError && e.fault === "user") return skip(`The TIDE analysis could not read the results: ${e.message}`);
    throw e;
  }
  const written = await writeIfCurrent({
    ...row,
    status: "DONE",
    ap50: tide.ap50,
    mainErrors: tide.mainErrors,
    specialErrors: tide.specialErrors,
    errorCounts: tide.errorCounts,
    message: null,
  });
  return written ? { written: true, status: "DONE" } : { written: false, reason: "outdated" };
}

/**
 * Records that the analysis of the submission's current score failed for good (after its retries), so
 * its page says so instead of waiting; nothing when the submission was re-scored meanwhile.
 */
export async function recordTideFailure(submissionId: string, reason: string): Promise<boolean> {
  const submission = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: {
      status: true,
      finishedAt: true,
      evalConfigVersion: true,
      phase: { select: { evalConfigs: { orderBy: { version: "desc" }, take: 1 } } },
    },
  });
  if (submission?.status !== "FINISHED" || !submission.finishedAt) return false;
  const config = submission.phase.evalConfigs[0];
  return writeIfCurrent({
    submissionId,
    scoredAt: submission.finishedAt,
    evalConfigVersion: submission.evalConfigVersion ?? 0,
    mode: tideModeOf(config?.iouType === "BBOX" ? "bbox" : "segm"),
    split: "PUBLIC",
    status: "FAILED",
    message: `The TIDE analysis failed (${reason.split("\n")[0].slice(0, 300)}); the scores are unaffected.`,
  });
}
