// A synthetic LVIS-format case at LVIS scale (1,203 categories in three frequency groups, federated
// neg / not-exhaustive lists per image) and a detector's results for it: 300 detections per image,
// each mask emitted under several categories, as LVIS detectors do (most of them are then dropped by
// the federated filter, which is the work LVISEval does at scale).
import type { CocoResult, LvisCategory, LvisFrequency, LvisGroundTruth, LvisImage } from "@/lib/eval";
import { encodeCounts, rleFromPolygons } from "@/lib/eval/mask";
import { generateGroundTruth } from "./ground-truth";
import { Random } from "./random";
import { blobPolygon, jitterBlob, randomBlob, type Blob } from "./shapes";

export type LvisSpec = {
  seed: number;
  images: number;
  imageSizes: [number, number][];
  /** Categories per frequency group (LVIS v1: 337 rare, 461 common, 405 frequent). */
  frequencies: Record<LvisFrequency, number>;
  instancesPerImage: number;
  /** Verified-absent categories listed per image, and not-exhaustive ones among the positives. */
  negativesPerImage: number;
  notExhaustiveShare: number;
  detectionsPerImage: number;
};

export const LVIS_SCALE: LvisSpec = {
  seed: 20260102,
  images: 5000,
  imageSizes: [
    [640, 480],
    [640, 427],
    [480, 640],
    [640, 424],
    [500, 375],
  ],
  frequencies: { r: 337, c: 461, f: 405 },
  instancesPerImage: 12,
  negativesPerImage: 12,
  notExhaustiveShare: 0.1,
  detectionsPerImage: 300,
};

function score(s: number): number {
  return Math.round(Math.min(0.999, Math.max(0.001, s)) * 1000) / 1000;
}

export function generateLvisCase(spec: LvisSpec): { gt: LvisGroundTruth; results: CocoResult[] } {
  const groups = (["f", "c", "r"] as LvisFrequency[]).flatMap((f) => Array.from({ length: spec.frequencies[f] }, () => f));
  const K = groups.length;
  const { gt, objects } = generateGroundTruth({
    seed: spec.seed,
    images: spec.images,
    imageSizes: spec.imageSizes,
    categories: groups.map((_, k) => `lvis_category_${k + 1}`),
    instancesPerImage: spec.instancesPerImage,
    crowdRegions: 0,
  });
  const categories: LvisCategory[] = gt.categories.map((c, k) => ({ ...c, frequency: groups[k] }));
  const random = new Random(spec.seed + 1);
  const byImage = new Map<number, typeof objects>();
  for (const o of objects) (byImage.get(o.imageId) ?? byImage.set(o.imageId, []).get(o.imageId)!).push(o);
  const images: LvisImage[] = [];
  const results: CocoResult[] = [];
  for (const image of gt.images) {
    const r = random.fork(image.id);
    const mine = byImage.get(image.id) ?? [];
    const positive = [...new Set(mine.map((o) => o.categoryId))];
    const negative = new Set<number>();
    while (negative.size < spec.negativesPerImage) {
      const k = r.int(1, K);
      if (!positive.includes(k)) negative.add(k);
    }
    images.push({
      ...image,
      neg_category_ids: [...negative],
      not_exhaustive_category_ids: positive.filter(() => r.chance(spec.notExhaustiveShare)),
    });
    const { width, height } = image;
    const candidates = [...positive, ...negative];
    const masks: { blob: Blob; base: number; category: number }[] = [];
    for (const o of mine)
      for (let v = 0; v < 3; v++) masks.push({ blob: jitterBlob(r, o.blob, 0.2 + 0.3 * v), base: 0.9 - 0.25 * v, category: o.categoryId });
    while (masks.length < 60) {
      masks.push({
        blob: randomBlob(r, width, height, Math.exp(r.uniform(Math.log(100), Math.log(40000)))),
        base: 0.4,
        category: r.int(1, K),
      });
    }
    const dets: CocoResult[] = [];
    for (let m = 0; dets.length < spec.detectionsPerImage; m = (m + 1) % masks.length) {
      const { blob, base, category } = masks[m];
      const rle = rleFromPolygons([blobPolygon(blob, width, height)], height, width);
      const segmentation = { size: [height, width] as [number, number], counts: encodeCounts(rle.counts) };
      // The mask under its own category, then under others: the image's positives and negatives, or any.
      for (let e = 0; e < 5 && dets.length < spec.detectionsPerImage; e++) {
        const k = e === 0 ? category : r.chance(0.5) ? r.pick(candidates) : r.int(1, K);
        dets.push({ image_id: image.id, category_id: k, score: score(base * (1 - 0.15 * e) + r.normal(0, 0.05)), segmentation });
      }
    }
    results.push(...dets);
  }
  return { gt: { images, annotations: gt.annotations, categories }, results };
}
