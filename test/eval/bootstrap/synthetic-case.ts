// Small synthetic COCO cases (boxes: IoUs are exact arithmetic) for the bootstrap tests, and the
// "naive replicate" the re-accumulation must reproduce: the drawn images duplicated with new ids.
import type { CocoAnnotation, CocoGroundTruth, CocoResult } from "@/lib/eval";
import { mulberry32 } from "@/lib/seeded-random";

export interface SyntheticSpec {
  seed: number;
  images: number;
  categories: number;
  /** Mean GT per image (0 .. 2x this, uniformly). */
  gtPerImage: number;
  /** Share of GT that are crowd regions. */
  crowd?: number;
  /** Chance that a GT is found, and extra detections per image (false positives, duplicates). */
  recall?: number;
  falsePositives?: number;
}

/**
 * A case whose detection scores are all distinct (so the naive replicate ranks exactly as the
 * re-accumulation: copies of one detection are consecutive, nothing else ties with them).
 */
export function syntheticCase(spec: SyntheticSpec): { gt: CocoGroundTruth; dt: CocoResult[] } {
  const random = mulberry32(spec.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const annotations: CocoAnnotation[] = [];
  const dt: CocoResult[] = [];
  const scores = new Set<number>();
  const score = () => {
    let s = random();
    while (scores.has(s)) s = random();
    scores.add(s);
    return s;
  };
  const box = (): [number, number, number, number] => {
    // Sizes across COCO's small / medium / large ranges.
    const side = [int(8, 31), int(33, 95), int(97, 200)][int(0, 2)];
    const w = Math.max(2, side + int(-6, 6)),
      h = Math.max(2, side + int(-6, 6));
    return [int(0, 640 - w), int(0, 480 - h), w, h];
  };
  const jitter = ([x, y, w, h]: number[]): [number, number, number, number] => {
    const d = Math.max(1, Math.round(Math.min(w, h) * 0.25));
    return [x + int(-d, d), y + int(-d, d), Math.max(1, w + int(-d, d)), Math.max(1, h + int(-d, d))];
  };
  for (let image = 1; image <= spec.images; image++) {
    const count = int(0, Math.round(2 * spec.gtPerImage));
    for (let g = 0; g < count; g++) {
      const bbox = box();
      const category_id = int(1, spec.categories);
      const iscrowd = random() < (spec.crowd ?? 0) ? 1 : 0;
      annotations.push({ id: annotations.length + 1, image_id: image, category_id, bbox, area: bbox[2] * bbox[3], iscrowd });
      if (random() < (spec.recall ?? 0.8)) {
        dt.push({ image_id: image, category_id, bbox: jitter(bbox), score: score() });
        if (random() < 0.2) dt.push({ image_id: image, category_id, bbox: jitter(bbox), score: score() });
      }
    }
    const extra = int(0, Math.round(2 * (spec.falsePositives ?? 1)));
    for (let f = 0; f < extra; f++) dt.push({ image_id: image, category_id: int(1, spec.categories), bbox: box(), score: score() });
  }
  return {
    gt: {
      images: Array.from({ length: spec.images }, (_, i) => ({ id: i + 1, width: 640, height: 480 })),
      categories: Array.from({ length: spec.categories }, (_, i) => ({ id: i + 1, name: `class ${i + 1}` })),
      annotations,
    },
    dt,
  };
}

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
