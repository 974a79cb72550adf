// One named test per pycocotools behaviour the evaluator must follow, on hand-built box cases.
import { describe, expect, it } from "vitest";
import { InvalidResultsError, defaultParams, evaluate, type CocoGroundTruth, type CocoResult, type EvalParams } from "@/lib/eval";
import { detection, groundTruth, rectangleRle } from "./tiny-cases";

const EPS = 2.220446049250313e-16;
/** Precision of one true positive alone: tp / (tp + fp + np.spacing(1)). */
const P1 = 1 / (1 + EPS);
const bbox = (over: Partial<EvalParams> = {}): EvalParams => ({ ...defaultParams("bbox"), ...over });
const STAT = { AP: 0, AP50: 1, AP75: 2, APs: 3, APm: 4, APl: 5, AR1: 6, AR10: 7, AR100: 8, ARs: 9, ARm: 10, ARl: 11 };

function run(gt: CocoGroundTruth, dt: CocoResult[], params = bbox()) {
  return evaluate(gt, dt, params);
}

describe("pycocotools quirks", () => {
  it("precision adds np.spacing(1): a lone perfect detection has precision 1/(1 + eps), recall exactly 1", () => {
    const r = run(groundTruth([{ image_id: 1, bbox: [10, 10, 100, 100] }]), [detection(1, [10, 10, 100, 100], 0.9)]);
    expect(P1).toBe(0.9999999999999998);
    expect(r.prCurves[0].iou50.every((p) => p === P1)).toBe(true);
    expect(r.stats[STAT.AR100]).toBe(1);
  });

  it("area ranges use the GT's area field, inclusive at both ends: area 1024 is both small and medium", () => {
    const r = run(groundTruth([{ image_id: 1, bbox: [0, 0, 32, 32], area: 1024 }]), [detection(1, [0, 0, 32, 32], 0.9)]);
    expect([r.stats[STAT.ARs], r.stats[STAT.ARm], r.stats[STAT.ARl]]).toEqual([1, 1, -1]);
    // A 10x10 box whose area field says 5000 is a medium object.
    const m = run(groundTruth([{ image_id: 1, bbox: [0, 0, 10, 10], area: 5000 }]), [detection(1, [0, 0, 10, 10], 0.9)]);
    expect([m.stats[STAT.ARs], m.stats[STAT.ARm], m.stats[STAT.ARl]]).toEqual([-1, 1, -1]);
  });

  it("the GT's ignore field is overwritten by iscrowd", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50], ignore: 1, iscrowd: 0 }]);
    expect(run(gt, [detection(1, [0, 0, 50, 50], 0.9)]).stats[STAT.AR100]).toBe(1);
    expect(run(gt, [detection(1, [300, 300, 50, 50], 0.9)]).stats[STAT.AR100]).toBe(0);
  });

  it("a crowd region absorbs any number of detections (IoU = intersection / detection area), all ignored", () => {
    const gt = groundTruth([
      { image_id: 1, bbox: [0, 0, 50, 50] },
      { image_id: 1, bbox: [200, 200, 200, 200], iscrowd: 1 },
    ]);
    const dt = [
      detection(1, [210, 210, 20, 20], 0.9),
      detection(1, [250, 250, 30, 30], 0.8),
      detection(1, [300, 300, 90, 90], 0.7),
      detection(1, [0, 0, 50, 50], 0.5),
    ];
    const r = run(gt, dt);
    expect(r.prCurves[0].iou50.every((p) => p === P1)).toBe(true);
    expect(r.perClass[0].numGt).toBe(1);
  });

  it("matching prefers a regular GT, and once matched to one stops at ignored (crowd) GT", () => {
    // Crowd listed first with IoU 1; the regular GT only has IoU 0.625.
    const gt = groundTruth([
      { image_id: 1, bbox: [0, 0, 100, 100], iscrowd: 1 },
      { image_id: 1, bbox: [0, 0, 100, 160] },
    ]);
    const r = run(gt, [detection(1, [0, 0, 100, 100], 0.9)]);
    // TP at thresholds 0.50, 0.55, 0.60; at 0.65+ the regular GT is out of reach and the crowd takes it (ignored).
    expect(r.stats[STAT.AR100]).toBe(0.3);
    expect(r.prCurves[0].iou50.every((p) => p === P1)).toBe(true);
  });

  it("on equal IoU the later GT in file order wins (seen through a GT with id 0)", () => {
    const laterIsZero = groundTruth([
      { id: 7, image_id: 1, bbox: [0, 0, 50, 50] },
      { id: 0, image_id: 1, bbox: [0, 0, 50, 50] },
    ]);
    expect(run(laterIsZero, [detection(1, [0, 0, 50, 50], 0.9)]).stats[STAT.AR100]).toBe(0);
    const earlierIsZero = groundTruth([
      { id: 0, image_id: 1, bbox: [0, 0, 50, 50] },
      { id: 7, image_id: 1, bbox: [0, 0, 50, 50] },
    ]);
    expect(run(earlierIsZero, [detection(1, [0, 0, 50, 50], 0.9)]).stats[STAT.AR100]).toBe(0.5);
  });

  it("a GT with id 0 cannot be matched: the matched id is tested for truthiness, the detection is a false positive", () => {
    const dt = [detection(1, [0, 0, 50, 50], 0.9), detection(1, [0, 0, 50, 50], 0.8)];
    const zero = run(groundTruth([{ id: 0, image_id: 1, bbox: [0, 0, 50, 50] }]), dt);
    expect([zero.stats[STAT.AP], zero.stats[STAT.AR100]]).toEqual([0, 0]);
    const one = run(groundTruth([{ id: 1, image_id: 1, bbox: [0, 0, 50, 50] }]), dt);
    expect(one.stats[STAT.AR100]).toBe(1);
  });

  it("the IoU threshold is capped at 1 - 1e-10, so a threshold of 1 accepts IoU 1 - 1e-11", () => {
    const gt = groundTruth([
      { image_id: 1, bbox: [0, 0, 100, 100.000000001] },
      { image_id: 2, bbox: [0, 0, 100, 100.00001] },
    ]);
    const dt = [detection(1, [0, 0, 100, 100], 0.9), detection(2, [0, 0, 100, 100], 0.9)];
    expect(run(gt, dt, bbox({ iouThresholds: [1] })).stats[STAT.AR100]).toBe(0.5);
  });

  it("detections are sorted by score with a stable sort (ties in file order) before the maxDets cut", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50] }]);
    const fp = detection(1, [300, 300, 50, 50], 0.5);
    const tp = detection(1, [0, 0, 50, 50], 0.5);
    expect(run(gt, [fp, tp]).stats[STAT.AR1]).toBe(0);
    expect(run(gt, [tp, fp]).stats[STAT.AR1]).toBe(1);
  });

  it("unmatched detections outside the area range are ignored; matched ones count whatever their area", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 20, 20] }]);
    const tp = detection(1, [0, 0, 20, 20], 0.5);
    const largeFp = detection(1, [300, 300, 100, 100], 0.9);
    const alone = run(gt, [tp]);
    const withFp = run(gt, [tp, largeFp]);
    expect(withFp.stats[STAT.APs]).toBe(alone.stats[STAT.APs]);
    expect(withFp.stats[STAT.AP]).toBeLessThan(alone.stats[STAT.AP]);
    // A 40x40 detection (medium by its own area) matched to a GT whose area field is small.
    const small = groundTruth([{ image_id: 1, bbox: [0, 0, 40, 40], area: 400 }]);
    expect(run(small, [detection(1, [0, 0, 40, 40], 0.9)]).stats[STAT.ARs]).toBe(1);
  });

  it("results whose category is not in the GT are dropped, with useCats 1 and 0", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50] }]);
    const dt = [detection(1, [300, 300, 50, 50], 0.9, 99), detection(1, [0, 0, 50, 50], 0.5)];
    for (const useCats of [true, false]) {
      const r = run(gt, dt, bbox({ useCats }));
      expect(r.stats[STAT.AP50], `useCats ${useCats}`).toBe(run(gt, [dt[1]], bbox({ useCats })).stats[STAT.AP50]);
    }
    const kept = run(gt, [{ ...dt[0], category_id: 1 }, dt[1]]);
    expect(kept.stats[STAT.AP50]).toBeLessThan(run(gt, dt).stats[STAT.AP50]);
    expect(run(gt, dt).perClass[0].numDt).toBe(1);
  });

  it("useCats=0 pools the categories: one image's detections in category id order, then file order, then a stable score sort", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50], category_id: 2 }], { categories: [1, 2] });
    const tpOfCategory2 = detection(1, [0, 0, 50, 50], 0.5, 2);
    const fpOfCategory1 = detection(1, [300, 300, 50, 50], 0.5, 1);
    expect(run(gt, [tpOfCategory2, fpOfCategory1], bbox({ useCats: false })).stats[STAT.AR1]).toBe(0);
    expect(run(gt, [tpOfCategory2, fpOfCategory1], bbox({ useCats: true })).stats[STAT.AR1]).toBe(1);
    // Pooled, a detection of category 1 may match a GT of category 2.
    const wrongClass = [detection(1, [0, 0, 50, 50], 0.5, 1)];
    expect(run(gt, wrongClass, bbox({ useCats: false })).stats[STAT.AR100]).toBe(1);
    expect(run(gt, wrongClass, bbox({ useCats: true })).stats[STAT.AR100]).toBe(0);
  });

  it("accumulate breaks score ties across images by image id (mergesort over images in id order), not file order", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50] }], { images: [1, 2] });
    const fpOnImage2 = detection(2, [0, 0, 50, 50], 0.5);
    const tpOnImage1 = detection(1, [0, 0, 50, 50], 0.5);
    expect(run(gt, [fpOnImage2, tpOnImage1]).prCurves[0].iou50.every((p) => p === P1)).toBe(true);
    const gt2 = groundTruth([{ image_id: 2, bbox: [0, 0, 50, 50] }], { images: [1, 2] });
    const curve = run(gt2, [detection(2, [0, 0, 50, 50], 0.5), detection(1, [0, 0, 50, 50], 0.5)]).prCurves[0].iou50;
    expect(curve.every((p) => p === 1 / (1 + 1 + EPS))).toBe(true);
  });

  it("precision is read at the recall points with searchsorted side='left' after the envelope", () => {
    const gt = groundTruth([
      { image_id: 1, bbox: [0, 0, 50, 50] },
      { image_id: 1, bbox: [100, 100, 50, 50] },
    ]);
    const dt = [detection(1, [0, 0, 50, 50], 0.9), detection(1, [300, 300, 50, 50], 0.8), detection(1, [100, 100, 50, 50], 0.7)];
    const curve = run(gt, dt).prCurves[0].iou50;
    // recall after each detection: 0.5, 0.5, 1; recall point 50 is exactly 0.5, so 'left' picks the first detection.
    expect(curve[50]).toBe(P1);
    expect(curve[51]).toBe(2 / (1 + 2 + EPS));
    expect(curve[100]).toBe(2 / (1 + 2 + EPS));
  });

  it("a class without GT is -1 everywhere and left out of the means; a class with GT but no detection scores 0", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50] }], { categories: [1, 2, 3] });
    const dt = [detection(1, [0, 0, 50, 50], 0.9), detection(1, [200, 200, 50, 50], 0.9, 2)];
    const r = run(gt, dt);
    const [c1, c2, c3] = r.perClass;
    expect(
      Object.values(c2)
        .slice(4)
        .every((v) => v === -1),
    ).toBe(true);
    expect(
      Object.values(c3)
        .slice(4)
        .every((v) => v === -1),
    ).toBe(true);
    expect([c2.numGt, c2.numDt, c3.numDt]).toEqual([0, 1, 0]);
    expect(r.stats).toEqual(run(gt, [dt[0]]).stats);
    expect(c1.ar100).toBe(1);
    const none = run(gt, []);
    expect([none.stats[STAT.AP], none.stats[STAT.AR100], none.perClass[0].ap]).toEqual([0, 0, 0]);
  });

  it("loadRes decides from the first result only: a segm result carrying bbox takes the bbox branch (area = w * h)", () => {
    const size = 64;
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: size, height: size }],
      categories: [{ id: 1, name: "thing" }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          area: 100,
          segmentation: rectangleRle(size, size, 0, 0, 10, 10),
          bbox: [0, 0, 10, 10],
        },
      ],
    };
    const tp: CocoResult = { image_id: 1, category_id: 1, score: 0.5, segmentation: rectangleRle(size, size, 0, 0, 10, 10) };
    // A 10x10 mask (small) whose bbox field claims 50x50 (medium): unmatched, it is a small FP only if its area is the mask's.
    const fp: CocoResult = {
      image_id: 1,
      category_id: 1,
      score: 0.9,
      segmentation: rectangleRle(size, size, 40, 40, 10, 10),
      bbox: [0, 0, 50, 50],
    };
    const params = defaultParams("segm");
    const segmBranch = evaluate(gt, [tp, fp], params);
    const bboxBranch = evaluate(gt, [{ ...tp, bbox: [0, 0, 10, 10] }, fp], params);
    expect(bboxBranch.stats[STAT.APs]).toBeGreaterThan(segmBranch.stats[STAT.APs]);
    expect(bboxBranch.stats[STAT.APs]).toBe(evaluate(gt, [tp], params).stats[STAT.APs]);
    expect(() => evaluate(gt, [fp, tp], params)).toThrow(InvalidResultsError);
    expect(() => evaluate(gt, [fp, tp], params)).toThrow(/results\[1\] has no bbox/);
  });

  it("a result on an image that is not in the ground truth is rejected, as loadRes asserts", () => {
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 50, 50] }]);
    expect(() => run(gt, [detection(5, [0, 0, 50, 50], 0.9)])).toThrow(/results\[0\]\.image_id 5 is not an image of the ground truth/);
  });
});

describe("ground truth the evaluator refuses", () => {
  it("an annotation without a numeric area (pycocotools would fail on it)", async () => {
    const { prepareGroundTruth, InvalidGroundTruthError } = await import("@/lib/eval");
    const gt = groundTruth([{ image_id: 1, bbox: [0, 0, 10, 10] }]);
    delete (gt.annotations[0] as { area?: number }).area;
    expect(() => prepareGroundTruth(gt, "bbox")).toThrow(InvalidGroundTruthError);
    expect(() => prepareGroundTruth(gt, "bbox")).toThrow("annotation id 1 has area undefined");
    const noBox = groundTruth([{ image_id: 1, bbox: [0, 0, 10, 10] }]);
    delete (noBox.annotations[0] as { bbox?: number[] }).bbox;
    expect(() => prepareGroundTruth(noBox, "bbox")).toThrow(/annotation id 1 has no bbox/);
    expect(() => prepareGroundTruth(noBox, "segm")).toThrow(/annotation id 1 has no segmentation/);
  });
});

describe("loadRes, bbox branch", () => {
  it("draws a box result without segmentation as the polygon [x1,y1, x1,y2, x2,y2, x2,y1] for mask evaluation", () => {
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: 64, height: 48 }],
      categories: [{ id: 1, name: "thing" }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          area: 300,
          segmentation: [[10.5, 5, 10.5, 25, 30.5, 25, 30.5, 5]],
          bbox: [10.5, 5, 20, 20],
        },
      ],
    };
    const boxOnly: CocoResult[] = [{ image_id: 1, category_id: 1, score: 0.9, bbox: [10, 5, 20.5, 19.5] }];
    const withPolygon: CocoResult[] = [{ ...boxOnly[0], segmentation: [[10, 5, 10, 24.5, 30.5, 24.5, 30.5, 5]] }];
    const a = evaluate(gt, boxOnly, defaultParams("segm"));
    const b = evaluate(gt, withPolygon, defaultParams("segm"));
    expect(a.stats).toEqual(b.stats);
    expect(a.stats[8]).toBeGreaterThan(0);
    // A segmentation that is present is used as given, not replaced by the box.
    const smallPolygon: CocoResult[] = [{ ...boxOnly[0], segmentation: [[10, 5, 10, 10, 15, 10, 15, 5]] }];
    expect(evaluate(gt, smallPolygon, defaultParams("segm")).stats[8]).toBe(0);
  });
});
