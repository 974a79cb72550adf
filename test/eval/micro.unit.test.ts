// Micro averaging (every object counts equally) on a case computed by hand.
import { describe, expect, it } from "vitest";
import { defaultParams, evaluate, type EvalParams } from "@/lib/eval";
import { detection, groundTruth } from "./tiny-cases";

const EPS = 2.220446049250313e-16;
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length; // numpy's order for n < 8

// Class 1: three GT, three perfect detections (0.9, 0.8, 0.7). Class 2: one GT; a detection at 0.95 lying
// exactly on a class-1 GT (matching stays per class: a false positive) and a perfect one at 0.6.
const gt = groundTruth(
  [
    { image_id: 1, bbox: [0, 0, 50, 50], category_id: 1 },
    { image_id: 1, bbox: [100, 0, 50, 50], category_id: 1 },
    { image_id: 1, bbox: [200, 0, 50, 50], category_id: 1 },
    { image_id: 1, bbox: [300, 0, 50, 50], category_id: 2 },
  ],
  { categories: [1, 2] },
);
const dt = [
  detection(1, [0, 0, 50, 50], 0.95, 2),
  detection(1, [0, 0, 50, 50], 0.9, 1),
  detection(1, [100, 0, 50, 50], 0.8, 1),
  detection(1, [200, 0, 50, 50], 0.7, 1),
  detection(1, [300, 0, 50, 50], 0.6, 2),
];
const params = (classAveraging: "macro" | "micro"): EvalParams => ({
  ...defaultParams("bbox"),
  iouThresholds: [0.5],
  recallPoints: 5,
  classAveraging,
});

describe("classAveraging", () => {
  it("micro pools all classes' detections into one ranked list over all objects", () => {
    // Pooled: FP(c2) .95, TP .9, TP .8, TP .7, TP(c2) .6 with npig = 4: recall 0, .25, .5, .75, 1 and
    // precision 0, 1/2, 2/3, 3/4, 4/5 -> envelope 4/5 everywhere -> 4/5 at the 5 recall points.
    const micro = evaluate(gt, dt, params("micro"));
    const p = 4 / (1 + 4 + EPS);
    expect(micro.stats[0]).toBe(mean([p, p, p, p, p]));
    expect(micro.stats[1]).toBe(micro.stats[0]);
    expect(micro.stats[2]).toBe(-1); // no 0.75 threshold configured
    expect(micro.stats[8]).toBe(1);
  });

  it("macro (COCO) averages the classes; per-class numbers are the same under both", () => {
    const macro = evaluate(gt, dt, params("macro"));
    const micro = evaluate(gt, dt, params("micro"));
    // Class 1: precision 1/(1+eps), 2/(2+eps) = 2, 3/(3+eps) = 3 exactly -> the envelope lifts all to 1.
    const p1 = 1;
    const p2 = 1 / (1 + 1 + EPS); // class 2: FP then TP
    expect(macro.perClass.map((c) => c.ap)).toEqual([mean([p1, p1, p1, p1, p1]), mean([p2, p2, p2, p2, p2])]);
    // precision[t = 0, r, k] in numpy's C order (r outer, k inner): ten values, summed pairwise in 8 lanes.
    const v = [p1, p2, p1, p2, p1, p2, p1, p2, p1, p2];
    const pairwise = v[0] + v[1] + (v[2] + v[3]) + (v[4] + v[5] + (v[6] + v[7])) + v[8] + v[9];
    expect(macro.stats[0]).toBe(pairwise / 10);
    expect(micro.perClass).toEqual(macro.perClass);
    expect(micro.prCurves).toEqual(macro.prCurves);
    expect(macro.stats[0]).not.toBe(micro.stats[0]);
  });

  it("micro equals macro when categories are pooled (useCats = false)", () => {
    const off = (a: "macro" | "micro") => ({ ...params(a), useCats: false });
    expect(evaluate(gt, dt, off("micro")).stats).toEqual(evaluate(gt, dt, off("macro")).stats);
  });
});
