// The protocol's numbers as numpy builds them, and the configurable parts.
import { describe, expect, it } from "vitest";
import {
  COCO_IOU_THRESHOLDS,
  InvalidEvalParamsError,
  defaultParams,
  evaluate,
  linspace,
  normalizeParams,
  recallThresholds,
  type EvalParams,
} from "@/lib/eval";
import { detection, groundTruth } from "./tiny-cases";
import { listFixtureCases, loadCase } from "./fixture-cases";

describe("numpy linspace values", () => {
  it("IoU thresholds are np.linspace(.5, .95, 10): 0.8999999999999999, not 0.9", () => {
    expect(COCO_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(defaultParams().iouThresholds).toEqual(COCO_IOU_THRESHOLDS);
  });

  it("recall points are np.linspace(0, 1, 101) = i * 0.01 (so point 35 is 0.35000000000000003), last exactly 1", () => {
    const r = recallThresholds(101);
    expect(r).toHaveLength(101);
    r.forEach((v, i) => expect(v).toBe(i === 100 ? 1 : i * 0.01));
    expect(r[35]).toBe(0.35000000000000003);
    expect(r[35]).not.toBe(35 / 100);
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("configurable protocol", () => {
  const { gt, dt } = loadCase(listFixtureCases().find((c) => c.name === "basic_polygons")!);
  const base = defaultParams("bbox");

  it("a single threshold 0.5 makes AP equal AP50, and AP75 undefined", () => {
    const r = evaluate(gt, dt, { ...base, iouThresholds: [0.5] });
    const coco = evaluate(gt, dt, base);
    expect(r.stats[0]).toBe(r.stats[1]);
    expect(r.stats[1]).toBe(coco.stats[1]);
    expect(r.stats[2]).toBe(-1);
    expect(r.prCurves[0].iou75.every((v) => v === -1)).toBe(true);
  });

  it("maxDets are sorted as COCOeval does; AR1/AR10/AR100 read maxDets[0..2], AP the largest", () => {
    const sorted = evaluate(gt, dt, { ...base, maxDets: [100, 1, 10] });
    expect(sorted.stats).toEqual(evaluate(gt, dt, base).stats);
    expect(sorted.params.maxDets).toEqual([1, 10, 100]);
    const two = evaluate(gt, dt, { ...base, maxDets: [1, 100] });
    expect(two.stats[0]).toBe(sorted.stats[0]);
    expect([two.stats[6], two.stats[7], two.stats[8]]).toEqual([sorted.stats[6], sorted.stats[8], -1]);
  });

  it("area metrics look ranges up by name; a missing name gives -1, a custom range is honoured", () => {
    const r = evaluate(gt, dt, {
      ...base,
      areaRanges: [
        { name: "all", range: [0, 1e10] },
        { name: "large", range: [5000, 1e10] },
      ],
    });
    expect([r.stats[3], r.stats[4], r.stats[9], r.stats[10]]).toEqual([-1, -1, -1, -1]);
    expect(r.stats[0]).toBe(evaluate(gt, dt, base).stats[0]);
    expect(r.stats[5]).not.toBe(evaluate(gt, dt, base).stats[5]);
  });

  it("recallPoints changes the sampling of the precision curve", () => {
    const tiny = groundTruth([
      { image_id: 1, bbox: [0, 0, 50, 50] },
      { image_id: 1, bbox: [100, 0, 50, 50] },
    ]);
    const dets = [detection(1, [0, 0, 50, 50], 0.9), detection(1, [300, 0, 50, 50], 0.8), detection(1, [100, 0, 50, 50], 0.7)];
    const r = evaluate(tiny, dets, { ...base, recallPoints: 3 });
    expect(r.prCurves[0].recall).toEqual([0, 0.5, 1]);
    expect(r.prCurves[0].iou50).toEqual([
      1 / (1 + 2.220446049250313e-16),
      1 / (1 + 2.220446049250313e-16),
      2 / (3 + 2.220446049250313e-16),
    ]);
  });

  it("rejects a bad protocol with the field, the value and the rule", () => {
    const bad = (over: Partial<EvalParams>) => () => normalizeParams({ ...base, ...over });
    expect(bad({ iouThresholds: [0.5, 1.5] })).toThrow(InvalidEvalParamsError);
    expect(bad({ iouThresholds: [0.5, 1.5] })).toThrow("iouThresholds[1]: 1.5 is not in (0, 1]");
    expect(bad({ iouThresholds: [0] })).toThrow("iouThresholds[0]: 0 is not in (0, 1]");
    expect(bad({ iouThresholds: [] })).toThrow(/non-empty/);
    expect(bad({ recallPoints: 1 })).toThrow(/recallPoints must be an integer >= 2/);
    expect(bad({ maxDets: [10, 0] })).toThrow("maxDets[1]: 0 is not a positive integer");
    expect(bad({ areaRanges: [{ name: "all", range: [10, 5] }] })).toThrow(/areaRanges\[0\]\.range must be \[min, max\]/);
    expect(
      bad({
        areaRanges: [
          { name: "a", range: [0, 5] },
          { name: "a", range: [0, 9] },
        ],
      }),
    ).toThrow(/used twice/);
    expect(bad({ classAveraging: "weighted" as "macro" })).toThrow(/classAveraging/);
    expect(() => normalizeParams({ ...base, iouThresholds: [1] })).not.toThrow();
  });
});
