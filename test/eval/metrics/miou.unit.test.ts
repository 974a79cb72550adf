// mIoU from instances (lib/eval/README.md) on cases computed by hand: rectangles, so every pixel count
// is a product of side lengths.
import { describe, expect, it } from "vitest";
import type { CocoGroundTruth, CocoResult, CocoRle } from "@/lib/eval";
import { encodeMask } from "@/lib/eval/mask";
import { evaluateMiou, evaluateMiouSplits } from "@/lib/eval/miou";

/** Uncompressed RLE of the rectangle x in [x0, x1), y in [y0, y1) of an h x w image. */
function rect(h: number, w: number, x0: number, y0: number, x1: number, y1: number): CocoRle {
  const bitmap = new Uint8Array(h * w);
  for (let x = x0; x < x1; x++) for (let y = y0; y < y1; y++) bitmap[x * h + y] = 1;
  return { size: [h, w], counts: Array.from(encodeMask(bitmap, h, w).counts) };
}

const H = 10,
  W = 10;
let nextId = 1;
const ann = (image_id: number, category_id: number, segmentation: CocoRle, iscrowd = 0) => ({
  id: nextId++,
  image_id,
  category_id,
  segmentation,
  area: 1,
  iscrowd,
});
const det = (image_id: number, category_id: number, score: number, segmentation: CocoRle): CocoResult => ({
  image_id,
  category_id,
  score,
  segmentation,
});

const gt: CocoGroundTruth = {
  images: [
    { id: 1, height: H, width: W },
    { id: 2, height: H, width: W },
  ],
  categories: [1, 2, 3, 4].map((id) => ({ id, name: `c${id}` })),
  annotations: [
    ann(1, 1, rect(H, W, 0, 0, 4, 4)), // 16 px
    ann(1, 2, rect(H, W, 5, 5, 9, 9)), // 16 px
    ann(1, 2, rect(H, W, 7, 7, 10, 10)), // 9 px, 4 shared with the previous: union 21
    ann(2, 1, rect(H, W, 0, 0, 10, 1)), // 10 px
    ann(2, 2, rect(H, W, 0, 5, 2, 10), 1), // crowd region: 10 px of class 2
  ],
};

const results: CocoResult[] = [
  det(1, 1, 0.9, rect(H, W, 2, 0, 6, 4)), // 16 px, 8 inside the GT of class 1
  det(1, 1, 0.3, rect(H, W, 0, 0, 10, 10)), // below the threshold: not counted
  det(1, 3, 0.8, rect(H, W, 0, 8, 5, 10)), // class 3 has no GT: 10 false pixels
  det(2, 1, 0.5, rect(H, W, 0, 0, 10, 1)), // exactly the GT, score == threshold: counted
  det(2, 2, 0.7, rect(H, W, 0, 5, 1, 10)), // 5 px inside the crowd region (10 px)
];

describe("mIoU from instances, hand-computed", () => {
  it("sums pixels over images per class, counts crowd as GT, skips low scores and undefined classes", () => {
    const m = evaluateMiou(gt, results, 0.5);
    const byId = new Map(m.perClass.map((c) => [c.categoryId, c]));
    // class 1: image 1 I = 8, U = 16 + 16 - 8 = 24; image 2 I = U = 10.
    expect(byId.get(1)).toMatchObject({ intersection: 18, union: 34, iou: 18 / 34 });
    // class 2: image 1 GT union 21, no detection; image 2 crowd 10 px vs detection 5 px inside it.
    expect(byId.get(2)).toMatchObject({ intersection: 5, union: 31, iou: 5 / 31 });
    // class 3: only false pixels; class 4: nothing at all (undefined, left out of the mean).
    expect(byId.get(3)).toMatchObject({ intersection: 0, union: 10, iou: 0 });
    expect(byId.get(4)).toMatchObject({ intersection: 0, union: 0, iou: -1 });
    expect(m.mIoU).toBe((18 / 34 + 5 / 31 + 0) / 3);
  });

  it("a higher threshold drops detections: their class's pixels become misses", () => {
    const m = evaluateMiou(gt, results, 0.6);
    const byId = new Map(m.perClass.map((c) => [c.categoryId, c]));
    expect(byId.get(1)).toMatchObject({ intersection: 8, union: 34, iou: 8 / 34 }); // image 2's detection (0.5) is out
    expect(m.mIoU).toBe((8 / 34 + 5 / 31 + 0) / 3);
  });

  it("a perfect submission scores 1 and an empty one 0", () => {
    const perfect = gt.annotations.map((a) => det(a.image_id, a.category_id, 1, a.segmentation as CocoRle));
    expect(evaluateMiou(gt, perfect).mIoU).toBe(1);
    expect(evaluateMiou(gt, []).mIoU).toBe(0);
  });

  it("refuses a detection mask that is not the size of its image", () => {
    expect(() => evaluateMiou(gt, [det(1, 1, 0.9, rect(5, 5, 0, 0, 2, 2))])).toThrow(/size \[5, 5\] but the image is \[10, 10\]/);
  });

  it("per split, sums only the split's images (the worker's public and private numbers)", () => {
    const m = evaluateMiouSplits(gt, results, { one: [1], two: [2], both: [1, 2] }, 0.5);
    const byId = (split: string) => new Map(m[split].perClass.map((c) => [c.categoryId, c]));
    // class 1: image 1 I = 8, U = 24; image 2 I = U = 10.
    expect(byId("one").get(1)).toMatchObject({ intersection: 8, union: 24 });
    expect(byId("two").get(1)).toMatchObject({ intersection: 10, union: 10, iou: 1 });
    // class 3 has pixels only in image 1: undefined in split two, left out of its mean.
    expect(byId("two").get(3)).toMatchObject({ union: 0, iou: -1 });
    expect(m.two.mIoU).toBe((1 + 5 / 10) / 2);
    expect(m.both).toEqual(evaluateMiou(gt, results, 0.5));
  });
});
