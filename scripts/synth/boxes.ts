// Small synthetic COCO box cases (IoUs are exact arithmetic): the bootstrap's exactness tests and its
// coverage experiment. Every detection score is distinct, so no two detections tie.
import type { CocoAnnotation, CocoGroundTruth, CocoResult } from "@/lib/eval";
import { Random } from "./random";

export interface BoxCaseSpec {
  seed: number;
  images: number;
  categories: number;
  /** First image id (ids are consecutive). */
  firstImageId?: number;
  /** Mean GT per image (0 .. 2x this, uniformly). */
  gtPerImage: number;
  /** Share of GT that are crowd regions. */
  crowd?: number;
  /** Chance that a GT is found; a found GT gets a second (duplicate) detection with chance 0.2. */
  recall?: number;
  /** Mean false positives per image (0 .. 2x this). */
  falsePositives?: number;
  /** Found objects score higher than false positives on average (true), or every score is uniform (false). */
  informativeScores?: boolean;
  /** How far a detection's edges stray from its object's, as a share of the object's shorter side (default 0.25). */
  jitter?: number;
}

export function boxCase(spec: BoxCaseSpec): { gt: CocoGroundTruth; dt: CocoResult[] } {
  const rnd = new Random(spec.seed);
  const first = spec.firstImageId ?? 1;
  const informative = spec.informativeScores ?? false;
  const annotations: CocoAnnotation[] = [];
  const dt: CocoResult[] = [];
  const used = new Set<number>();
  const score = (lo: number, hi: number) => {
    let s = informative ? rnd.uniform(lo, hi) : rnd.next();
    while (used.has(s)) s = rnd.next();
    used.add(s);
    return s;
  };
  const box = (): [number, number, number, number] => {
    // Sizes across COCO's small / medium / large ranges.
    const side = [rnd.int(8, 31), rnd.int(33, 95), rnd.int(97, 200)][rnd.int(0, 2)];
    const w = Math.max(2, side + rnd.int(-6, 6)),
      h = Math.max(2, side + rnd.int(-6, 6));
    return [rnd.int(0, 640 - w), rnd.int(0, 480 - h), w, h];
  };
  const jitter = ([x, y, w, h]: number[]): [number, number, number, number] => {
    const d = Math.max(1, Math.round(Math.min(w, h) * (spec.jitter ?? 0.25)));
    return [x + rnd.int(-d, d), y + rnd.int(-d, d), Math.max(1, w + rnd.int(-d, d)), Math.max(1, h + rnd.int(-d, d))];
  };
  for (let image = first; image < first + spec.images; image++) {
    const count = rnd.int(0, Math.round(2 * spec.gtPerImage));
    for (let g = 0; g < count; g++) {
      const bbox = box();
      const category_id = rnd.int(1, spec.categories);
      const iscrowd = rnd.chance(spec.crowd ?? 0) ? 1 : 0;
      annotations.push({ id: annotations.length + 1, image_id: image, category_id, bbox, area: bbox[2] * bbox[3], iscrowd });
      if (rnd.chance(spec.recall ?? 0.8)) {
        dt.push({ image_id: image, category_id, bbox: jitter(bbox), score: score(0.3, 1) });
        if (rnd.chance(0.2)) dt.push({ image_id: image, category_id, bbox: jitter(bbox), score: score(0.1, 0.8) });
      }
    }
    const extra = rnd.int(0, Math.round(2 * (spec.falsePositives ?? 1)));
    for (let f = 0; f < extra; f++)
      dt.push({ image_id: image, category_id: rnd.int(1, spec.categories), bbox: box(), score: score(0, 0.7) });
  }
  return {
    gt: {
      images: Array.from({ length: spec.images }, (_, i) => ({ id: first + i, width: 640, height: 480 })),
      categories: Array.from({ length: spec.categories }, (_, i) => ({ id: i + 1, name: `class ${i + 1}` })),
      annotations,
    },
    dt,
  };
}
