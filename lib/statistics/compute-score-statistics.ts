import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { readResultTable } from "@/lib/coco/result-columns";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { statisticsOfRow } from "@/lib/challenges/eval-params";
import { STATISTICS_DEFAULTS } from "@/lib/challenges/protocol";
import { encodeReplicateCache, evaluateSplitsForBootstrap, percentileInterval, runReplicates } from "@/lib/eval/bootstrap";
import { loadScoringContext } from "@/lib/scoring/scoring-context";
import { localPathForKey, storeBuffer } from "@/lib/storage";
import { drawMultiplicities } from "./draws";
import { float64Bytes, primaryReplicates, storedIntervals } from "./intervals";
import { phaseSeed } from "./seed";

const SPLIT_ENUM = { public: "PUBLIC", private: "PRIVATE" } as const;

export type StatisticsOutcome =
  | { written: true; splits: string[]; seed: number; replicates: number }
  | { written: false; reason: "not_finished" | "outdated" | "no_scores" | "done" | "not_coco" };

/**
 * The follow-up of a scored submission (docs/statistics.md): matches its results again on every split
 * (the score was written first, from the same file and protocol version), stores each split's
 * replicate cache content-addressed in the object store, evaluates the phase's B replicates with the
 * version's draws, and stores the intervals and replicates with the score. A submission re-scored
 * under another version in the meantime is left alone (its own follow-up comes with the new score).
 * CPU-bound: the worker runs it in a worker thread.
 */
export async function computeScoreStatistics(submissionId: string): Promise<StatisticsOutcome> {
  const submission = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      status: true,
      phaseId: true,
      evalConfigVersion: true,
      scores: { select: { split: true, evalConfigVersion: true } },
      statistics: { select: { evalConfigVersion: true } },
    },
  });
  if (submission.status !== "FINISHED") return { written: false, reason: "not_finished" };
  if (submission.scores.length === 0) return { written: false, reason: "no_scores" };
  const version = submission.evalConfigVersion ?? 0;
  // Re-scoring deletes the statistics (writeScores): what is stored for this version is current.
  const stored = submission.statistics.filter((s) => s.evalConfigVersion === version).length;
  if (stored === submission.scores.length) return { written: false, reason: "done" };
  const ctx = await loadScoringContext(submissionId);
  if (ctx.evalConfigVersion !== version || submission.scores.some((s) => s.evalConfigVersion !== version))
    return { written: false, reason: "outdated" };
  const config =
    version === 0 ? null : await prisma.evalConfig.findUnique({ where: { phaseId_version: { phaseId: submission.phaseId, version } } });
  // Replicates re-accumulate COCOeval's matching; LVIS-style metric families have no bootstrap yet.
  if (config && config.metric !== "COCO") return { written: false, reason: "not_coco" };
  const settings = config ? statisticsOfRow(config) : STATISTICS_DEFAULTS;
  const seed = phaseSeed(settings.seed, submission.phaseId, version);

  const gt = await loadGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const file = await localPathForKey(ctx.resultsStorageKey);
  const results = await readResultTable(file, {
    gt,
    byteSize: (await stat(file)).size,
    spillDir: path.join(env.DATA_DIR, "tmp"),
    iouType: ctx.params.iouType,
    useCats: ctx.params.useCats,
    imageSetName: ctx.imageSetName,
    maxProblems: MAX_LISTED_PROBLEMS,
  });
  const rows: Prisma.ScoreStatisticsCreateManyInput[] = [];
  try {
    const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
    const bySplit = evaluateSplitsForBootstrap(prepared, results, ctx.params, ctx.splits);
    for (const [name, { cache }] of Object.entries(bySplit)) {
      const cacheFile = await storeBuffer(encodeReplicateCache(cache));
      const draws = drawMultiplicities(cache.imageIds.length, settings.replicates, seed);
      const replicates = runReplicates(cache, draws, { perClass: true });
      const primary = primaryReplicates(ctx.primaryMetric, replicates, cache.categoryIds);
      const intervals = storedIntervals(replicates, cache.categoryIds, settings.level);
      const primaryInterval = percentileInterval(primary, settings.level);
      rows.push({
        submissionId,
        split: SPLIT_ENUM[name as keyof typeof SPLIT_ENUM],
        evalConfigVersion: version,
        replicates: settings.replicates,
        level: settings.level,
        seed,
        primaryLow: primaryInterval?.[0] ?? null,
        primaryHigh: primaryInterval?.[1] ?? null,
        intervals,
        primaryReplicates: float64Bytes(primary),
        statReplicates: float64Bytes(replicates.stats),
        cacheSha256: cacheFile.sha256,
      });
    }
  } finally {
    results.dispose();
  }
  const written = await prisma.$transaction(async (tx) => {
    // Scores replaced under another version meanwhile: these numbers belong to none of them.
    const current = await tx.score.count({ where: { submissionId, evalConfigVersion: version } });
    if (current !== rows.length) return false;
    await tx.scoreStatistics.deleteMany({ where: { submissionId } });
    await tx.scoreStatistics.createMany({ data: rows });
    return true;
  });
  if (!written) return { written: false, reason: "outdated" };
  return { written: true, splits: rows.map((r) => r.split as string), seed, replicates: settings.replicates };
}
