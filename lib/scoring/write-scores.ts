import "server-only";
import { prisma } from "@/lib/db";
import type { EvalResult } from "@/lib/eval";
import { EVALUATOR_VERSION } from "@/lib/eval";
import { EvaluationAbandoned } from "./errors";
import { toMetricsJson } from "@/lib/submissions/metrics-json";
import { primaryValue } from "./primary-metric";
import type { ScoringContext } from "./scoring-context";

const SPLIT_ENUM = { public: "PUBLIC", private: "PRIVATE" } as const;

/**
 * Stores the scores and the FINISHED status in one transaction. The status update is conditional on
 * RUNNING: a cancelled submission, or a second worker that lost a race after a stall, writes nothing,
 * so a submission ends with exactly one Score per split. Earlier scores (re-runs) are replaced.
 */
export async function writeScores(ctx: ScoringContext, results: Record<string, EvalResult>): Promise<void> {
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
      const s = result.stats;
      await tx.score.create({
        data: {
          submissionId: id,
          split,
          ap: s[0],
          ap50: s[1],
          ap75: s[2],
          apSmall: s[3],
          apMedium: s[4],
          apLarge: s[5],
          ar1: s[6],
          ar10: s[7],
          ar100: s[8],
          arSmall: s[9],
          arMedium: s[10],
          arLarge: s[11],
          primary: primaryValue(ctx.primaryMetric, result),
          // tsc needs this cast (EvalParams is an interface, without the index signature Prisma's JSON input wants);
          // typescript-eslint's contextual-type check disagrees and would remove it, breaking the build.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
          metrics: toMetricsJson(result) as object,
          evalConfigVersion: ctx.evalConfigVersion,
        },
      });
      const curves = new Map(result.prCurves.map((c) => [c.categoryId, c]));
      const rows = result.perClass.flatMap((c) => {
        const categoryId = ctx.categoryRowIds.get(c.categoryId);
        if (!categoryId) return [];
        const curve = curves.get(c.categoryId);
        return [
          {
            submissionId: id,
            split,
            categoryId,
            ap: c.ap,
            ap50: c.ap50,
            ap75: c.ap75,
            apSmall: c.apSmall,
            apMedium: c.apMedium,
            apLarge: c.apLarge,
            ar1: c.ar1,
            ar10: c.ar10,
            ar100: c.ar100,
            arSmall: c.arSmall,
            arMedium: c.arMedium,
            arLarge: c.arLarge,
            numGt: c.numGt,
            numDt: c.numDt,
            prCurves: curve ? { recall: curve.recall, iou50: curve.iou50, iou75: curve.iou75, mean: curve.mean } : undefined,
          },
        ];
      });
      if (rows.length > 0) await tx.classScore.createMany({ data: rows });
    }
  });
}
