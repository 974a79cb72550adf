import "server-only";
import type { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ChallengeError } from "./errors";
import { classMetricId, type Protocol } from "./protocol";

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * How many annotations of a stored ground truth lack a segmentation, from the summary written at
 * upload. Rows uploaded before the summary recorded it count as 0: most were validated for segm,
 * and refusing every protocol change on them would be worse than the old behaviour.
 */
export function annotationsWithoutSegmentation(summary: unknown): number {
  const count = (summary as { annotationsWithoutSegmentation?: unknown } | null)?.annotationsWithoutSegmentation;
  return typeof count === "number" ? count : 0;
}

/**
 * The one check every new EvalConfig version goes through (saveEvalConfig): the protocol must be
 * computable on the phase's ground truth, when one is uploaded. A class primary metric must name
 * one of its categories, and iouType segm needs a segmentation on every annotation (without one,
 * every scoring would fail).
 */
export async function assertProtocolFitsGroundTruth(db: Db, phaseId: string, protocol: Protocol): Promise<void> {
  const gt = await db.groundTruth.findUnique({ where: { phaseId }, select: { summary: true, categories: { select: { cocoId: true } } } });
  if (!gt) return;

  const missingMasks = annotationsWithoutSegmentation(gt.summary);
  if (protocol.iouType === "segm" && missingMasks > 0)
    throw new ChallengeError(
      422,
      "ground_truth_without_masks",
      `iouType segm scores masks, but this phase's ground truth has ${missingMasks} annotation(s) without a segmentation (boxes only), so every submission would fail to score. ` +
        "Upload a ground truth with a segmentation (polygons or RLE) on every annotation first, or keep iouType bbox.",
      [{ path: "iouType", message: `the ground truth has ${missingMasks} annotation(s) without a segmentation` }],
    );

  const cocoId = classMetricId(protocol.primaryMetric);
  if (cocoId !== null && !gt.categories.some((c) => c.cocoId === cocoId))
    throw new ChallengeError(
      422,
      "unknown_category",
      `primaryMetric class:${cocoId}: the ground truth has no category ${cocoId} (it has ${gt.categories.map((c) => c.cocoId).join(", ")}).`,
      [{ path: "primaryMetric", message: `no category ${cocoId}` }],
    );
}
