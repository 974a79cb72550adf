// Small hand-built COCO cases (boxes, so every IoU is exact arithmetic) for the quirk tests.
import type { CocoAnnotation, CocoGroundTruth, CocoResult } from "@/lib/eval";

export type Box = [number, number, number, number];

export function groundTruth(
  annotations: (Partial<CocoAnnotation> & { image_id: number; bbox: Box })[],
  opts: { images?: number[]; categories?: number[] } = {},
): CocoGroundTruth {
  const images = opts.images ?? [...new Set(annotations.map((a) => a.image_id))];
  const categories = opts.categories ?? [1];
  return {
    images: images.map((id) => ({ id, width: 640, height: 480 })),
    categories: categories.map((id) => ({ id, name: `class ${id}` })),
    annotations: annotations.map((a, i) => ({
      id: i + 1,
      category_id: 1,
      iscrowd: 0,
      area: a.bbox[2] * a.bbox[3],
      ...a,
    })),
  };
}

export function detection(image_id: number, bbox: Box, score: number, category_id = 1): CocoResult {
  return { image_id, category_id, bbox, score };
}

/** A compressed-free RLE (counts list) of an axis-aligned rectangle in an h x w image, column-major. */
export function rectangleRle(
  h: number,
  w: number,
  x: number,
  y: number,
  rw: number,
  rh: number,
): { size: [number, number]; counts: number[] } {
  const counts: number[] = [];
  let run = 0;
  let value = 0;
  for (let col = 0; col < w; col++) {
    for (let row = 0; row < h; row++) {
      const inside = col >= x && col < x + rw && row >= y && row < y + rh ? 1 : 0;
      if (inside !== value) {
        counts.push(run);
        run = 0;
        value = inside;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [h, w], counts };
}
