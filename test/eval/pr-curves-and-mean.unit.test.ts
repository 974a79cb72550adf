// PR curves and numpy's mean, checked against the summary numbers they must agree with.
import { describe, expect, it } from "vitest";
import { defaultParams, evaluate, recallThresholds } from "@/lib/eval";
import { numpyMean, numpySum } from "@/lib/eval/numpy-mean";
import { listFixtureCases, loadCase } from "./fixture-cases";

describe("numpyMean", () => {
  it("sums fewer than 8 values left to right, from 0", () => {
    expect(numpySum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
  });
  it("sums 8..128 values in 8 interleaved lanes, then the remainder", () => {
    const v = Array.from({ length: 11 }, (_, i) => 0.1 * (i + 1));
    const lanes = v[0] + v[1] + (v[2] + v[3]) + (v[4] + v[5] + (v[6] + v[7])) + v[8] + v[9] + v[10];
    expect(numpySum(v)).toBe(lanes);
    expect(numpySum(v)).not.toBe(v.reduce((s, x) => s + x, 0));
  });
  it("splits above 128 values at a multiple of 8 near the half, and chunks by 8192", () => {
    const v = Array.from({ length: 300 }, (_, i) => 1 / (i + 3));
    expect(numpySum(v)).toBe(numpySum(v.slice(0, 144)) + numpySum(v.slice(144)));
    const big = Array.from({ length: 20000 }, (_, i) => 1 / (i + 7));
    expect(numpySum(big)).toBe(numpySum(big.slice(0, 8192)) + numpySum(big.slice(8192, 16384)) + numpySum(big.slice(16384)));
    expect(numpyMean(big)).toBe(numpySum(big) / 20000);
  });
});

describe("prCurves", () => {
  const { gt, dt } = loadCase(listFixtureCases().find((c) => c.name === "real_val2014_100_segm")!);
  const r = evaluate(gt, dt, defaultParams("segm"));

  it("one curve per category at the recall points; the IoU-0.50 curve averages to the class's AP50", () => {
    expect(r.prCurves.map((c) => c.categoryId)).toEqual(r.perClass.map((c) => c.categoryId));
    let checked = 0;
    for (const [k, curve] of r.prCurves.entries()) {
      expect(curve.recall).toEqual(recallThresholds(101));
      const cls = r.perClass[k];
      if (cls.numGt === 0) {
        expect(curve.iou50.every((v) => v === -1) && curve.mean.every((v) => v === -1)).toBe(true);
        continue;
      }
      expect(numpyMean(curve.iou50)).toBe(cls.ap50);
      expect(numpyMean(curve.iou75)).toBe(cls.ap75);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("the mean curve (over the ten thresholds) never exceeds the IoU-0.50 curve and is below it somewhere", () => {
    for (const curve of r.prCurves) {
      for (let i = 0; i < curve.mean.length; i++) if (curve.iou50[i] > -1) expect(curve.mean[i]).toBeLessThanOrEqual(curve.iou50[i]);
    }
    const withData = r.prCurves.filter((c) => c.iou50[0] > -1);
    expect(withData.some((c) => c.mean.some((v, i) => v < c.iou50[i]))).toBe(true);
  });
});
