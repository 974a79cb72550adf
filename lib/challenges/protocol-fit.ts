import "server-only";
import type { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ChallengeError } from "./errors";
import type { LvisFormatSummary } from "@/lib/coco/lvis-format";
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
 * The LVIS-format facts from the summary written at upload. Rows uploaded before the summary recorded
 * them are unknown: an LVIS family is refused on them until the file is uploaded again.
 */
export function lvisFormatOf(summary: unknown): LvisFormatSummary | null {
  const format = (summary as { lvisFormat?: LvisFormatSummary } | null)?.lvisFormat;
  return format && typeof format === "object" && "valid" in format ? format : null;
}

const FAMILY_NAMES = { lvis: "LVIS AP", "lvis-fixed": "LVIS Fixed AP" } as const;

/**
 * The one check every new EvalConfig version goes through (saveEvalConfig): the protocol must be
 * computable on the phase's ground truth, when one is uploaded. A class primary metric must name
 * one of its categories; iouType segm or boundary, and mIoU, need a segmentation on every annotation
 * (without one, every scoring would fail); the LVIS families need an LVIS-format ground truth.
 */
export async function assertProtocolFitsGroundTruth(db: Db, phaseId: string, protocol: Protocol): Promise<void> {
  const gt = await db.groundTruth.findUnique({ where: { phaseId }, select: { summary: true, categories: { select: { cocoId: true } } } });
  if (!gt) return;

  const missingMasks = annotationsWithoutSegmentation(gt.summary);
  const masksFor = protocol.iouType !== "bbox" ? `iouType ${protocol.iouType}` : protocol.miou ? "mIoU" : null;
  if (masksFor && missingMasks > 0)
    throw new ChallengeError(
      422,
      "ground_truth_without_masks",
      `${masksFor} scores masks, but this phase's ground truth has ${missingMasks} annotation(s) without a segmentation (boxes only), so every submission would fail to score. ` +
        "Upload a ground truth with a segmentation (polygons or RLE) on every annotation first, or keep iouType bbox" +
        (protocol.miou ? " without mIoU." : "."),
      [
        {
          path: masksFor === "mIoU" ? "miou" : "iouType",
          message: `the ground truth has ${missingMasks} annotation(s) without a segmentation`,
        },
      ],
    );

  if (protocol.metric !== "coco") {
    const format = lvisFormatOf(gt.summary);
    const name = FAMILY_NAMES[protocol.metric];
    if (!format)
      throw new ChallengeError(
        422,
        "ground_truth_not_lvis",
        `metric ${protocol.metric} (${name}) needs an LVIS-format ground truth, and this phase's was uploaded before Maskboard recorded its format: upload it again, then choose ${protocol.metric}.`,
        [{ path: "metric", message: "the ground truth's LVIS format is unknown; upload it again" }],
      );
    if (!format.valid)
      throw new ChallengeError(
        422,
        "ground_truth_not_lvis",
        `metric ${protocol.metric} (${name}) needs an LVIS-format ground truth (a frequency on every category, neg_category_ids and not_exhaustive_category_ids on every image); this phase's has ${format.problems} problem(s):\n` +
          format.firstProblems.map((p) => `  - ${p.message}`).join("\n") +
          (format.problems > format.firstProblems.length ? `\n  ... and ${format.problems - format.firstProblems.length} more` : ""),
        format.firstProblems.map((p) => ({ path: `groundTruth.${p.path}`, message: p.message })),
      );
  }

  const cocoId = classMetricId(protocol.primaryMetric);
  if (cocoId !== null && !gt.categories.some((c) => c.cocoId === cocoId))
    throw new ChallengeError(
      422,
      "unknown_category",
      `primaryMetric class:${cocoId}: the ground truth has no category ${cocoId} (it has ${gt.categories.map((c) => c.cocoId).join(", ")}).`,
      [{ path: "primaryMetric", message: `no category ${cocoId}` }],
    );
}
