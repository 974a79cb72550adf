import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { classCountsBySplit, splitImages, type SplitAnnotation, type SplitSpec } from "./split";
import type { SplitInput } from "./schemas";

/** The phase columns describing a split, as the form, API and YAML state it. */
export function splitColumnsOf(input: SplitInput) {
  return input.publicImageIds
    ? { splitMode: "LIST" as const }
    : { splitMode: "PERCENT" as const, splitPublicPercent: input.publicPercent!, splitSeed: input.seed ?? 1 };
}

/**
 * Writes the ImageSplit rows and per-class split counts of a ground truth. Runs inside the
 * caller's transaction so the split never disagrees with the categories.
 */
export async function writeSplit(
  tx: Prisma.TransactionClient,
  groundTruthId: string,
  data: { imageIds: number[]; annotations: SplitAnnotation[]; categoryIds: number[]; spec: SplitSpec },
) {
  const assignment = splitImages(data.imageIds, data.annotations, data.spec);
  await tx.imageSplit.deleteMany({ where: { groundTruthId } });
  const rows = [
    ...assignment.publicIds.map((imageId) => ({ groundTruthId, imageId, split: "PUBLIC" as const })),
    ...assignment.privateIds.map((imageId) => ({ groundTruthId, imageId, split: "PRIVATE" as const })),
  ];
  for (let i = 0; i < rows.length; i += 5000) await tx.imageSplit.createMany({ data: rows.slice(i, i + 5000) });
  const counts = classCountsBySplit(data.categoryIds, data.annotations, assignment);
  for (const c of counts) {
    await tx.category.update({
      where: { groundTruthId_cocoId: { groundTruthId, cocoId: c.categoryId } },
      data: { instanceCount: c.instanceCount, publicCount: c.publicCount, privateCount: c.privateCount },
    });
  }
  return { assignment, counts };
}
