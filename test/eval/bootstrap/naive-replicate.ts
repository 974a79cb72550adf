// The "naive replicate" the bootstrap's re-accumulation must reproduce: the drawn images duplicated
// with new ids (cases: scripts/synth/boxes.ts, whose scores never tie).
import type { CocoAnnotation, CocoGroundTruth, CocoResult } from "@/lib/eval";

/** The replicate evaluated from scratch: image imageIds[i] appears multiplicity[i] times, each copy with new image and annotation ids. */
export function duplicateImages(
  gt: CocoGroundTruth,
  dt: readonly CocoResult[],
  imageIds: ArrayLike<number>,
  multiplicity: ArrayLike<number>,
): { gt: CocoGroundTruth; dt: CocoResult[] } {
  const copiesOf = new Map<number, number[]>();
  const images: CocoGroundTruth["images"] = [];
  const byId = new Map(gt.images.map((im) => [im.id, im]));
  let nextId = 1;
  for (let i = 0; i < imageIds.length; i++) {
    const ids: number[] = [];
    for (let c = 0; c < multiplicity[i]; c++) {
      const id = nextId++;
      ids.push(id);
      images.push({ ...byId.get(imageIds[i])!, id });
    }
    copiesOf.set(imageIds[i], ids);
  }
  const annotations: CocoAnnotation[] = [];
  for (const a of gt.annotations)
    for (const id of copiesOf.get(a.image_id) ?? []) annotations.push({ ...a, id: annotations.length + 1, image_id: id });
  const results: CocoResult[] = [];
  for (const d of dt) for (const id of copiesOf.get(d.image_id) ?? []) results.push({ ...d, image_id: id });
  return { gt: { images, categories: gt.categories, annotations }, dt: results };
}
