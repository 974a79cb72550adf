import "server-only";
import type { Readable } from "node:stream";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { FileTooLargeError, storeStream, localPathForKey } from "@/lib/storage";
import { parseGroundTruthFile } from "@/lib/coco";
import type { CocoGroundTruth, IouType } from "@/lib/eval";
import { recordAudit } from "@/lib/audit";
import { bumpEvalConfig, currentEvalConfig } from "./eval-config";
import { iouTypeOfRow } from "./eval-params";
import { ChallengeError } from "./errors";
import { rerunPhase } from "@/lib/submissions/rerun";
import { splitColumnsOf, writeSplit } from "./split-store";
import { isCrowd, type SplitSpec } from "./split";
import type { SplitInput } from "./schemas";

type StoredFile = { key: string; sha256: string; byteSize: number; path: string };
type PhaseRow = { id: string; challengeId: string; splitMode: "PERCENT" | "LIST"; splitPublicPercent: number; splitSeed: number };

/** Ground-truth files larger than this are refused (COCO val2017 instances is ~450 MB). */
export const GROUND_TRUTH_MAX_BYTES = 4 * 1024 ** 3;

async function storeGroundTruth(source: Readable, maxBytes: number | undefined) {
  try {
    return await storeStream(source, { maxBytes });
  } catch (err) {
    if (err instanceof FileTooLargeError)
      throw new ChallengeError(
        413,
        "file_too_large",
        `The ground-truth file is larger than the limit of ${Math.round(err.maxBytes / 1024 ** 2)} MiB: upload it as .json.gz or .zip.`,
      );
    throw err;
  }
}

/**
 * The iouType of the phase's current protocol: the ground truth is validated for it ("segm" needs a
 * segmentation on every annotation, "bbox" a box; a box-only file is valid only for bbox).
 */
/** What the phase's protocol needs of a ground truth: masks (segm, boundary) or boxes, and the LVIS format. */
async function groundTruthRequirements(phaseId: string): Promise<{ iouType: IouType; lvis: boolean }> {
  const config = await currentEvalConfig(prisma, phaseId);
  return { iouType: config ? iouTypeOfRow(config.iouType) : "segm", lvis: config ? config.metric !== "COCO" : false };
}

/** Submissions whose scores depend on the ground truth (cancelled ones have none). */
async function scoredSubmissionCount(phaseId: string): Promise<number> {
  return prisma.submission.count({ where: { phaseId, status: { not: "CANCELLED" } } });
}

async function specFor(phase: PhaseRow, gt: CocoGroundTruth, split: SplitInput | undefined): Promise<SplitSpec> {
  if (split?.publicImageIds) return { mode: "LIST", publicImageIds: split.publicImageIds };
  if (split) return { mode: "PERCENT", publicPercent: split.publicPercent!, seed: split.seed ?? 1 };
  if (phase.splitMode === "PERCENT") return { mode: "PERCENT", publicPercent: phase.splitPublicPercent, seed: phase.splitSeed };
  // A listed split survives a replacement for the images the new file still has.
  const imageIds = new Set(gt.images.map((i) => i.id));
  const previous = await prisma.imageSplit.findMany({
    where: { groundTruth: { phaseId: phase.id }, split: "PUBLIC" },
    select: { imageId: true },
  });
  const kept = previous.map((r) => r.imageId).filter((id) => imageIds.has(id));
  if (kept.length === 0)
    throw new ChallengeError(
      422,
      "split_list_required",
      "This phase splits by a list of public image ids, and none of them is in this file: give publicImageIds with the upload, or switch the split to a percentage.",
      [{ path: "split.publicImageIds", message: "required" }],
    );
  return { mode: "LIST", publicImageIds: kept };
}

export type GroundTruthSummaryView = {
  numImages: number;
  numInstances: number;
  numCrowd: number;
  sha256: string;
  byteSize: number;
  summary: unknown;
  categories: { cocoId: number; name: string; instanceCount: number; publicCount: number; privateCount: number }[];
  publicImages: number;
  privateImages: number;
};

/** Stores `gt` with its categories and split in one transaction, replacing the phase's previous ground truth in place. */
async function persistGroundTruth(
  tx: Prisma.TransactionClient,
  args: {
    phase: PhaseRow;
    actorId: string | null;
    stored: { key: string; sha256: string; byteSize: number };
    gt: CocoGroundTruth;
    summary: unknown;
    spec: SplitSpec;
  },
) {
  const { phase, gt } = args;
  const numCrowd = gt.annotations.filter(isCrowd).length;
  const data = {
    storageKey: args.stored.key,
    sha256: args.stored.sha256,
    byteSize: BigInt(args.stored.byteSize),
    numImages: gt.images.length,
    numInstances: gt.annotations.length - numCrowd,
    numCrowd,
    summary: (args.summary ?? {}) as Prisma.InputJsonValue,
    uploadedAt: new Date(),
    uploadedById: args.actorId,
  };
  const row = await tx.groundTruth.upsert({ where: { phaseId: phase.id }, create: { phaseId: phase.id, ...data }, update: data });
  // Categories are updated in place (not recreated) so existing class scores keep their rows until re-evaluated.
  const cocoIds = gt.categories.map((c) => c.id);
  await tx.category.deleteMany({ where: { groundTruthId: row.id, cocoId: { notIn: cocoIds } } });
  for (const c of gt.categories) {
    // LVIS-format files name each class's frequency group: the per-class page groups by it.
    const f = (c as { frequency?: unknown }).frequency;
    const fields = { name: c.name, supercategory: c.supercategory ?? "", frequency: f === "r" || f === "c" || f === "f" ? f : null };
    await tx.category.upsert({
      where: { groundTruthId_cocoId: { groundTruthId: row.id, cocoId: c.id } },
      create: { groundTruthId: row.id, cocoId: c.id, ...fields },
      update: fields,
    });
  }
  await writeSplit(tx, row.id, {
    imageIds: gt.images.map((i) => i.id),
    annotations: gt.annotations,
    categoryIds: cocoIds,
    spec: args.spec,
  });
  return row;
}

/**
 * Uploads the hidden ground truth of a phase: stores the file, validates it (CocoValidationError
 * with specific problems), writes GroundTruth + Category + ImageSplit rows in one transaction.
 * Replacing a ground truth that submissions were scored on needs `confirmReplace`, creates a new
 * config version and re-evaluates them.
 */
export async function ingestGroundTruth(args: {
  actorId: string | null;
  phaseId: string;
  /** The file as a stream (stored here) or already stored (e.g. by a multipart upload). */
  source: Readable | { stored: StoredFile };
  confirmReplace?: boolean;
  split?: SplitInput;
  maxBytes?: number;
}) {
  const phase = await prisma.phase.findUniqueOrThrow({ where: { id: args.phaseId } });
  const existing = await prisma.groundTruth.findUnique({ where: { phaseId: phase.id }, select: { id: true, sha256: true } });
  const submissions = existing ? await scoredSubmissionCount(phase.id) : 0;
  if (existing && submissions > 0 && !args.confirmReplace) {
    if ("resume" in args.source) args.source.resume();
    throw new ChallengeError(
      409,
      "confirm_required",
      `This phase already has a ground truth and ${submissions} submission(s) scored on it. Replacing it re-evaluates all of them: confirm to go ahead (API: ?confirm=true).`,
    );
  }
  const stored = "stored" in args.source ? args.source.stored : await storeGroundTruth(args.source, args.maxBytes);
  const { gt, summary } = await parseGroundTruthFile(stored.path, await groundTruthRequirements(phase.id));
  const spec = await specFor(phase, gt, args.split);
  const replaced = existing !== null;
  const result = await prisma.$transaction(
    async (tx) => {
      if (args.split) await tx.phase.update({ where: { id: phase.id }, data: splitColumnsOf(args.split) });
      const row = await persistGroundTruth(tx, { phase, actorId: args.actorId, stored, gt, summary, spec });
      await recordAudit(tx, {
        actorId: args.actorId,
        challengeId: phase.challengeId,
        action: replaced ? "groundTruth.replace" : "groundTruth.upload",
        targetType: "Phase",
        targetId: phase.id,
        data: {
          sha256: stored.sha256,
          images: gt.images.length,
          categories: gt.categories.length,
          previousSha256: existing?.sha256 ?? null,
        },
      });
      const version =
        replaced && submissions > 0
          ? await bumpEvalConfig(tx, {
              actorId: args.actorId,
              challengeId: phase.challengeId,
              phaseId: phase.id,
              reason: "ground truth replaced",
            })
          : null;
      return { groundTruthId: row.id, newVersion: version?.version ?? null };
    },
    { timeout: 120_000 },
  );
  const rerun = result.newVersion !== null ? await rerunPhase(phase.id, { actorId: args.actorId }) : 0;
  return { ...result, replaced, rerun, summary: await groundTruthSummary(phase.id) };
}

/**
 * Changes how a phase's images are split. With a ground truth in place the split is recomputed
 * from the stored file, scored submissions move to a new config version and are re-evaluated.
 */
export async function changeSplit(args: { actorId: string | null; phaseId: string; split: SplitInput }) {
  const phase = await prisma.phase.findUniqueOrThrow({ where: { id: args.phaseId }, include: { groundTruth: true } });
  const gtRow = phase.groundTruth;
  if (!gtRow) {
    if (args.split.publicImageIds)
      throw new ChallengeError(
        422,
        "ground_truth_required",
        "Upload the ground truth first: a list of public image ids is checked against its images.",
        [{ path: "split.publicImageIds", message: "needs a ground truth" }],
      );
    await prisma.$transaction(async (tx) => {
      await tx.phase.update({ where: { id: phase.id }, data: splitColumnsOf(args.split) });
      await recordAudit(tx, {
        actorId: args.actorId,
        challengeId: phase.challengeId,
        action: "split.change",
        targetType: "Phase",
        targetId: phase.id,
        data: args.split,
      });
    });
    return { newVersion: null, rerun: 0 };
  }
  const { gt } = await parseGroundTruthFile(await localPathForKey(gtRow.storageKey), await groundTruthRequirements(phase.id));
  const spec = await specFor(phase, gt, args.split);
  const submissions = await scoredSubmissionCount(phase.id);
  const newVersion = await prisma.$transaction(
    async (tx) => {
      await tx.phase.update({ where: { id: phase.id }, data: splitColumnsOf(args.split) });
      await writeSplit(tx, gtRow.id, {
        imageIds: gt.images.map((i) => i.id),
        annotations: gt.annotations,
        categoryIds: gt.categories.map((c) => c.id),
        spec,
      });
      await recordAudit(tx, {
        actorId: args.actorId,
        challengeId: phase.challengeId,
        action: "split.change",
        targetType: "Phase",
        targetId: phase.id,
        data: args.split,
      });
      if (submissions === 0) return null;
      return (
        await bumpEvalConfig(tx, { actorId: args.actorId, challengeId: phase.challengeId, phaseId: phase.id, reason: "split changed" })
      ).version;
    },
    { timeout: 120_000 },
  );
  const rerun = newVersion !== null ? await rerunPhase(phase.id, { actorId: args.actorId }) : 0;
  return { newVersion, rerun };
}

/** What the organizer sees about a phase's ground truth; never the file itself. */
export async function groundTruthSummary(phaseId: string): Promise<GroundTruthSummaryView | null> {
  const gt = await prisma.groundTruth.findUnique({
    where: { phaseId },
    include: { categories: { orderBy: { cocoId: "asc" } } },
  });
  if (!gt) return null;
  const [publicImages, privateImages] = await Promise.all([
    prisma.imageSplit.count({ where: { groundTruthId: gt.id, split: "PUBLIC" } }),
    prisma.imageSplit.count({ where: { groundTruthId: gt.id, split: "PRIVATE" } }),
  ]);
  return {
    numImages: gt.numImages,
    numInstances: gt.numInstances,
    numCrowd: gt.numCrowd,
    sha256: gt.sha256,
    byteSize: Number(gt.byteSize),
    summary: gt.summary,
    categories: gt.categories.map((c) => ({
      cocoId: c.cocoId,
      name: c.name,
      instanceCount: c.instanceCount,
      publicCount: c.publicCount,
      privateCount: c.privateCount,
    })),
    publicImages,
    privateImages,
  };
}
