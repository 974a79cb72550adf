import "server-only";
import { prisma } from "@/lib/db";
import { EVALUATOR_VERSION } from "@/lib/eval";
import { EvaluationAbandoned } from "./errors";
import type { ScoringContext } from "./scoring-context";
import type { SplitScore } from "./split-scores";

const SPLIT_ENUM = { public: "PUBLIC", private: "PRIVATE" } as const;

/**
 * Stores the scores and the FINISHED status in one transaction. The status update is conditional on
 * RUNNING: a cancelled submission, or a second worker that lost a race after a stall, writes nothing,
 * so a submission ends with exactly one Score per split. Earlier scores (re-runs) are replaced.
 */
export async function writeScores(ctx: ScoringContext, results: Record<string, SplitScore>): Promise<void> {
  const id = ctx.submissionId;
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.submission.updateMany({
      where: { id, status: "RUNNING" },
      data: {
        status: "FINISHED",
        progress: 1,
        progressStage: null,
        finishedAt: new Date(),
        errorCode: null,
        errorMessage: null,
        evalConfigVersion: ctx.evalConfigVersion,
        evaluatorVersion: EVALUATOR_VERSION,
        groundTruthSha256: ctx.groundTruth.sha256,
      },
    });
    if (count !== 1) throw new EvaluationAbandoned(id);
    await tx.classScore.deleteMany({ where: { submissionId: id } });
    await tx.score.deleteMany({ where: { submissionId: id } });
    // The bootstrap of the old scores goes with them; the follow-up job computes the new one.
    await tx.scoreStatistics.deleteMany({ where: { submissionId: id } });

    for (const [splitName, result] of Object.entries(results)) {
      const split = SPLIT_ENUM[splitName as keyof typeof SPLIT_ENUM];
      await tx.score.create({
        data: {
          submissionId: id,
          split,
          ...result.columns,
          primary: result.primary,
          metrics: result.metrics,
          evalConfigVersion: ctx.evalConfigVersion,
        },
      });
      const rows = result.classes.flatMap(({ cocoId, ...c }) => {
        const categoryId = ctx.categoryRowIds.get(cocoId);
        return categoryId ? [{ submissionId: id, split, categoryId, ...c }] : [];
      });
      if (rows.length > 0) await tx.classScore.createMany({ data: rows });
    }
  });
}
