import "server-only";
import { prisma } from "@/lib/db";
import { defaultParams, type EvalParams } from "@/lib/eval";
import { toEvalParams } from "@/lib/challenges/eval-params";
import { phaseImageSetName } from "@/lib/submissions/image-set-name";
import { ScoringUserError } from "./errors";

/** Everything about a submission's phase that scoring needs, read once. */
export type ScoringContext = {
  submissionId: string;
  resultsStorageKey: string;
  groundTruth: { id: string; storageKey: string; sha256: string };
  /** COCO category id -> Category row id (ClassScore.categoryId). */
  categoryRowIds: Map<number, string>;
  /** Image ids per split; "private" is absent when the phase has no private split. */
  splits: { public: number[]; private?: number[] };
  params: EvalParams;
  /** What the phase is scored with: COCOeval (COCO AP, Boundary AP), LVISEval or its Fixed AP. */
  metric: "COCO" | "LVIS" | "LVIS_FIXED";
  /** mIoU from instances as a secondary column, over detections scoring at least this; null: none. */
  miouScoreThreshold: number | null;
  primaryMetric: string;
  /** 0 when the phase has no EvalConfig row yet (COCO defaults). */
  evalConfigVersion: number;
  /** How validation messages name the phase's images. */
  imageSetName: string;
};

export async function loadScoringContext(submissionId: string): Promise<ScoringContext> {
  const submission = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      storageKey: true,
      phase: {
        select: {
          name: true,
          groundTruth: { select: { id: true, storageKey: true, sha256: true, categories: { select: { id: true, cocoId: true } } } },
          evalConfigs: { orderBy: { version: "desc" }, take: 1 },
        },
      },
    },
  });
  const { phase } = submission;
  const gt = phase.groundTruth;
  if (!gt)
    throw new ScoringUserError(
      "no_ground_truth",
      `Phase "${phase.name}" has no ground truth; the organizers must upload it before submissions can be scored.`,
    );

  const images = await prisma.imageSplit.findMany({
    where: { groundTruthId: gt.id },
    select: { imageId: true, split: true },
    orderBy: { imageId: "asc" },
  });
  const publicIds = images.filter((i) => i.split === "PUBLIC").map((i) => i.imageId);
  const privateIds = images.filter((i) => i.split === "PRIVATE").map((i) => i.imageId);
  const config = phase.evalConfigs[0];
  return {
    submissionId,
    resultsStorageKey: submission.storageKey,
    groundTruth: { id: gt.id, storageKey: gt.storageKey, sha256: gt.sha256 },
    categoryRowIds: new Map(gt.categories.map((c) => [c.cocoId, c.id])),
    splits: privateIds.length > 0 ? { public: publicIds, private: privateIds } : { public: publicIds },
    params: config ? toEvalParams(config) : defaultParams("segm"),
    metric: config?.metric ?? "COCO",
    miouScoreThreshold: config?.miouScoreThreshold ?? null,
    primaryMetric: config?.primaryMetric ?? "AP",
    evalConfigVersion: config?.version ?? 0,
    imageSetName: phaseImageSetName(phase.name, images.length),
  };
}

/**
 * Whether a submission of this phase may be scored in image shards (lib/scoring/score-sharded.ts):
 * only COCOeval without mIoU is; LVISEval and mIoU run whole in one job.
 */
export async function scoresInShards(submissionId: string): Promise<boolean> {
  const { phase } = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      phase: { select: { evalConfigs: { orderBy: { version: "desc" }, take: 1, select: { metric: true, miouScoreThreshold: true } } } },
    },
  });
  const config = phase.evalConfigs[0];
  return !config || (config.metric === "COCO" && config.miouScoreThreshold === null);
}
