import type { CocoGroundTruth, CocoResult } from "@/lib/eval";
import { encodeCounts, rleFromPolygons } from "@/lib/eval/mask";
import { drawArea, drawSizeClass, type SyntheticObject } from "./ground-truth";
import { Random } from "./random";
import { blobPolygon, jitterBlob, randomBlob } from "./shapes";

export type ResultsQuality = {
  seed: number;
  /** Probability that a GT instance is detected at all. */
  recall: number;
  /** Localisation noise of true detections, 0 (pixel-perfect) .. 1 (sloppy). */
  noise: number;
  /** Probability of a second, noisier detection of a detected instance. */
  duplicates: number;
  /** Mean false positives (random shapes) per image. */
  falsePositivesPerImage: number;
  /** Probability that a true detection is labelled with a wrong class. */
  wrongClass: number;
  /** Keep at most this many detections per image (highest scores), like COCO's maxDets. */
  maxPerImage: number;
};

/** False positives are mostly small and medium, like a detector's low-score tail. */
const FALSE_POSITIVE_SIZE_MIX = { small: 0.45, medium: 0.45, large: 0.1 };

function clampScore(s: number): number {
  return Math.round(Math.min(0.999, Math.max(0.001, s)) * 1000) / 1000;
}

/**
 * A results file of controllable quality for a synthetic ground truth: jittered copies of the GT
 * masks as compressed RLE, duplicates, false positives, scores that favour better detections.
 */
export function generateResults(gt: CocoGroundTruth, objects: SyntheticObject[], quality: ResultsQuality): CocoResult[] {
  const random = new Random(quality.seed);
  const byImage = new Map<number, SyntheticObject[]>();
  for (const o of objects) if (!o.crowd) (byImage.get(o.imageId) ?? byImage.set(o.imageId, []).get(o.imageId)!).push(o);
  const results: CocoResult[] = [];
  const categoryCount = gt.categories.length;

  for (const image of gt.images) {
    const r = random.fork(image.id);
    const { width, height } = image;
    const dets: CocoResult[] = [];
    const detect = (blob: SyntheticObject["blob"], categoryId: number, score: number) => {
      const polygon = blobPolygon(blob, width, height);
      const rle = rleFromPolygons([polygon], height, width);
      dets.push({
        image_id: image.id,
        category_id: categoryId,
        score: clampScore(score),
        segmentation: { size: [height, width], counts: encodeCounts(rle.counts) },
      });
    };
    for (const o of byImage.get(image.id) ?? []) {
      if (!r.chance(quality.recall)) continue;
      const noise = quality.noise * r.uniform(0.3, 1.7);
      const category = r.chance(quality.wrongClass) ? r.int(1, categoryCount) : o.categoryId;
      detect(jitterBlob(r, o.blob, noise), category, 0.95 - 0.5 * noise + r.normal(0, 0.1));
      if (r.chance(quality.duplicates)) detect(jitterBlob(r, o.blob, noise * 2), category, 0.6 - 0.4 * noise + r.normal(0, 0.1));
    }
    const falsePositives = Math.max(0, Math.round(r.normal(quality.falsePositivesPerImage, quality.falsePositivesPerImage * 0.2)));
    for (let k = 0; k < falsePositives; k++) {
      const blob = randomBlob(r, width, height, drawArea(r, drawSizeClass(r, FALSE_POSITIVE_SIZE_MIX)));
      detect(blob, r.int(1, categoryCount), r.uniform(0.0, 0.55) ** 1.5);
    }
    dets.sort((a, b) => b.score - a.score);
    for (const d of dets.slice(0, quality.maxPerImage)) results.push(d);
  }
  return results;
}
