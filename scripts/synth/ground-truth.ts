import type { CocoAnnotation, CocoGroundTruth, CocoImage } from "@/lib/eval";
import { rleArea, rleFromPolygons, rleToBbox } from "@/lib/eval/mask";
import { Random } from "./random";
import { AREA_RANGE, blobPolygon, randomBlob, type Blob, type SizeClass } from "./shapes";

export type GroundTruthSpec = {
  seed: number;
  images: number;
  /** Image sizes [width, height] to draw from (one fixed size for the demo, COCO-like mix for the benchmark). */
  imageSizes: [number, number][];
  categories: string[];
  /** Mean non-crowd instances per image. */
  instancesPerImage: number;
  /** Total crowd regions (iscrowd = 1, stored as uncompressed RLE like COCO's). */
  crowdRegions: number;
  /** Share of small / medium / large instances (COCO val2017 is about 0.41 / 0.34 / 0.25). */
  sizeMix?: Record<SizeClass, number>;
};

/** A generated instance with the shape it was drawn from, so results can be derived from it. */
export type SyntheticObject = { annotationId: number; imageId: number; categoryId: number; blob: Blob; crowd: boolean };

export type SyntheticGroundTruth = { gt: CocoGroundTruth; objects: SyntheticObject[] };

export const COCO_SIZE_MIX: Record<SizeClass, number> = { small: 0.41, medium: 0.34, large: 0.25 };

export function drawSizeClass(random: Random, mix: Record<SizeClass, number>): SizeClass {
  const u = random.next() * (mix.small + mix.medium + mix.large);
  return u < mix.small ? "small" : u < mix.small + mix.medium ? "medium" : "large";
}

export function drawArea(random: Random, size: SizeClass): number {
  const [lo, hi] = AREA_RANGE[size];
  return Math.exp(random.uniform(Math.log(lo), Math.log(hi))); // log-uniform like real object sizes
}

/** Deterministic COCO ground truth: polygons of varied shapes and sizes, some crowd RLE regions. */
export function generateGroundTruth(spec: GroundTruthSpec): SyntheticGroundTruth {
  const random = new Random(spec.seed);
  const mix = spec.sizeMix ?? COCO_SIZE_MIX;
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  const objects: SyntheticObject[] = [];
  const categories = spec.categories.map((name, k) => ({ id: k + 1, name, supercategory: "object" }));
  const crowdImages = new Set<number>();
  const crowdRandom = random.fork(1);
  while (crowdImages.size < Math.min(spec.crowdRegions, spec.images)) crowdImages.add(crowdRandom.int(1, spec.images));

  const addObject = (imageRandom: Random, image: CocoImage, crowd: boolean) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const size = crowd ? "large" : drawSizeClass(imageRandom, mix);
      const blob = randomBlob(
        imageRandom,
        image.width,
        image.height,
        Math.min(drawArea(imageRandom, size), 0.5 * image.width * image.height),
      );
      const polygon = blobPolygon(blob, image.width, image.height);
      const rle = rleFromPolygons([polygon], image.height, image.width);
      const area = rleArea(rle);
      if (area < 16) continue; // clipped away at the border: draw another
      const id = annotations.length + 1;
      const categoryId = imageRandom.int(1, categories.length);
      const segmentation = crowd ? { size: [image.height, image.width] as [number, number], counts: Array.from(rle.counts) } : [polygon];
      annotations.push({
        id,
        image_id: image.id,
        category_id: categoryId,
        segmentation,
        area,
        bbox: rleToBbox(rle),
        iscrowd: crowd ? 1 : 0,
      });
      objects.push({ annotationId: id, imageId: image.id, categoryId, blob, crowd });
      return;
    }
  };

  for (let i = 1; i <= spec.images; i++) {
    const imageRandom = random.fork(1000 + i);
    const [width, height] = imageRandom.pick(spec.imageSizes);
    const image: CocoImage = { id: i, width, height, file_name: `synthetic_${String(i).padStart(6, "0")}.jpg` };
    images.push(image);
    const count = Math.max(0, Math.round(imageRandom.normal(spec.instancesPerImage, spec.instancesPerImage * 0.6)));
    for (let k = 0; k < count; k++) addObject(imageRandom, image, false);
    if (crowdImages.has(i)) addObject(imageRandom, image, true);
  }
  return { gt: { images, annotations, categories }, objects };
}
