// Public/private image splits of a ground truth. Pure: the same input and seed give the same split.
import { AppError } from "@/lib/errors";
import { mulberry32 } from "@/lib/seeded-random";

export type SplitAnnotation = { image_id: number; category_id: number; iscrowd?: number | boolean };
export type SplitSpec = { mode: "PERCENT"; publicPercent: number; seed: number } | { mode: "LIST"; publicImageIds: number[] };
export type ImageAssignment = { publicIds: number[]; privateIds: number[] };
export type ClassSplitCounts = { categoryId: number; instanceCount: number; publicCount: number; privateCount: number };

export class SplitError extends AppError {
  constructor(message: string) {
    super({ status: 422, code: "invalid_split", message });
  }
}

function shuffled(ids: number[], seed: number): number[] {
  const order = [...ids].sort((a, b) => a - b);
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export const isCrowd = (a: { iscrowd?: number | boolean }) => a.iscrowd === 1 || a.iscrowd === true;

/**
 * Splits images so that `publicPercent` of them (rounded) are public. Stratified: rarest classes
 * first, each class present in at least two images gets one image in each split while the
 * split sizes allow; the remaining images follow the seeded shuffle order.
 */
export function percentSplit(imageIds: number[], annotations: SplitAnnotation[], publicPercent: number, seed: number): ImageAssignment {
  if (!Number.isInteger(publicPercent) || publicPercent < 1 || publicPercent > 100)
    throw new SplitError(`publicPercent must be a whole number from 1 to 100 (100 = no private split), got ${publicPercent}`);
  if (!Number.isInteger(seed)) throw new SplitError(`seed must be a whole number, got ${seed}`);
  const order = shuffled(imageIds, seed);
  const publicTarget = Math.round((order.length * publicPercent) / 100);
  const privateTarget = order.length - publicTarget;
  const rank = new Map(order.map((id, i) => [id, i]));

  const imagesOfClass = new Map<number, Set<number>>();
  for (const a of annotations) {
    if (isCrowd(a) || !rank.has(a.image_id)) continue;
    let set = imagesOfClass.get(a.category_id);
    if (!set) imagesOfClass.set(a.category_id, (set = new Set()));
    set.add(a.image_id);
  }
  const classes = [...imagesOfClass.entries()]
    .map(([categoryId, set]) => ({ categoryId, images: [...set].sort((a, b) => rank.get(a)! - rank.get(b)!) }))
    .sort((a, b) => a.images.length - b.images.length || a.categoryId - b.categoryId);

  const assigned = new Map<number, "PUBLIC" | "PRIVATE">();
  let publicCount = 0;
  let privateCount = 0;
  const assign = (id: number, split: "PUBLIC" | "PRIVATE") => {
    assigned.set(id, split);
    if (split === "PUBLIC") publicCount++;
    else privateCount++;
  };
  for (const { images } of classes) {
    if (images.length < 2) continue;
    const has = (split: "PUBLIC" | "PRIVATE") => images.some((id) => assigned.get(id) === split);
    const firstFree = () => images.find((id) => !assigned.has(id));
    if (!has("PUBLIC") && publicCount < publicTarget) {
      const id = firstFree();
      if (id !== undefined) assign(id, "PUBLIC");
    }
    if (!has("PRIVATE") && privateCount < privateTarget) {
      const id = firstFree();
      if (id !== undefined) assign(id, "PRIVATE");
    }
  }
  for (const id of order) {
    if (!assigned.has(id)) assign(id, publicCount < publicTarget ? "PUBLIC" : "PRIVATE");
  }
  return collect(order, assigned);
}

/** The listed images are public, all others private. Unknown ids are an error, not silently dropped. */
export function listSplit(imageIds: number[], publicImageIds: number[]): ImageAssignment {
  const known = new Set(imageIds);
  const unknown = publicImageIds.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new SplitError(
      `publicImageIds lists ${unknown.length} image id(s) not in the ground truth: ${unknown.slice(0, 10).join(", ")}${unknown.length > 10 ? ", ..." : ""}`,
    );
  if (publicImageIds.length === 0) throw new SplitError("publicImageIds is empty: list at least one public image id");
  const publicSet = new Set(publicImageIds);
  const assigned = new Map<number, "PUBLIC" | "PRIVATE">(imageIds.map((id) => [id, publicSet.has(id) ? "PUBLIC" : "PRIVATE"]));
  return collect(
    [...imageIds].sort((a, b) => a - b),
    assigned,
  );
}

function collect(ids: number[], assigned: Map<number, "PUBLIC" | "PRIVATE">): ImageAssignment {
  const sorted = [...ids].sort((a, b) => a - b);
  return {
    publicIds: sorted.filter((id) => assigned.get(id) === "PUBLIC"),
    privateIds: sorted.filter((id) => assigned.get(id) === "PRIVATE"),
  };
}

export function splitImages(imageIds: number[], annotations: SplitAnnotation[], spec: SplitSpec): ImageAssignment {
  return spec.mode === "PERCENT"
    ? percentSplit(imageIds, annotations, spec.publicPercent, spec.seed)
    : listSplit(imageIds, spec.publicImageIds);
}

/** Instances (crowd regions excluded) per class in each split. */
export function classCountsBySplit(categoryIds: number[], annotations: SplitAnnotation[], split: ImageAssignment): ClassSplitCounts[] {
  const publicSet = new Set(split.publicIds);
  const counts = new Map(categoryIds.map((id) => [id, { categoryId: id, instanceCount: 0, publicCount: 0, privateCount: 0 }]));
  for (const a of annotations) {
    if (isCrowd(a)) continue;
    const c = counts.get(a.category_id);
    if (!c) continue;
    c.instanceCount++;
    if (publicSet.has(a.image_id)) c.publicCount++;
    else c.privateCount++;
  }
  return [...counts.values()];
}
