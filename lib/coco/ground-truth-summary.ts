import "server-only";
import type { CocoGroundTruth } from "@/lib/eval";
import { summarizeLvisFormat, type LvisFormatSummary } from "./lvis-format";

/** COCO's size buckets by annotation `area` (pixels): small < 32², medium < 96², large beyond. */
const SMALL_MAX = 32 ** 2;
const MEDIUM_MAX = 96 ** 2;

export type GroundTruthSummary = {
  images: number;
  /** Non-crowd instances (what AP is computed over). */
  instances: number;
  crowdRegions: number;
  categories: { id: number; name: string; instances: number; crowdRegions: number }[];
  /** Non-crowd instances by COCO size bucket. */
  sizes: { small: number; medium: number; large: number };
  /** Images without any annotation (they still count: detections on them are false positives). */
  imagesWithoutAnnotations: number;
  /**
   * Annotations (crowd regions too) without a segmentation: a ground truth with any cannot be
   * scored on masks, so the phase must keep iouType bbox (lib/challenges/protocol-fit.ts).
   */
  annotationsWithoutSegmentation: number;
  /** Whether the file is LVIS-format (what the LVIS metric families need), and if not, why. */
  lvisFormat: LvisFormatSummary;
};

export function summarizeGroundTruth(gt: CocoGroundTruth): GroundTruthSummary {
  const perCategory = new Map(gt.categories.map((c) => [c.id, { id: c.id, name: c.name, instances: 0, crowdRegions: 0 }]));
  const sizes = { small: 0, medium: 0, large: 0 };
  const annotatedImages = new Set<number>();
  let instances = 0;
  let crowdRegions = 0;
  let annotationsWithoutSegmentation = 0;
  for (const ann of gt.annotations) {
    annotatedImages.add(ann.image_id);
    if (ann.segmentation === undefined) annotationsWithoutSegmentation++;
    const cat = perCategory.get(ann.category_id)!;
    if (ann.iscrowd) {
      crowdRegions++;
      cat.crowdRegions++;
      continue;
    }
    instances++;
    cat.instances++;
    if (ann.area < SMALL_MAX) sizes.small++;
    else if (ann.area < MEDIUM_MAX) sizes.medium++;
    else sizes.large++;
  }
  return {
    images: gt.images.length,
    instances,
    crowdRegions,
    categories: [...perCategory.values()],
    sizes,
    imagesWithoutAnnotations: gt.images.length - gt.images.filter((img) => annotatedImages.has(img.id)).length,
    annotationsWithoutSegmentation,
    lvisFormat: summarizeLvisFormat(gt),
  };
}
