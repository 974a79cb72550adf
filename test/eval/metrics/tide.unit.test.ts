// TIDE (tidecv 1.0.1 defaults) on every case of the kit: AP50, the dAP of the six main and two special
// errors, the error counts, each class's AP and the AP at every threshold, mask and bbox modes.
import { describe, expect, it } from "vitest";
import type { CocoGroundTruth, CocoResult } from "@/lib/eval";
import { evaluateTide, type TideMode } from "@/lib/eval/tide/evaluate";
import { readJson } from "../fixture-cases";
import { expectClose, listCases } from "./kit";

type Block = {
  ap50: number;
  main_errors: Record<string, number>;
  special_errors: Record<string, number>;
  error_counts: Record<string, number>;
  per_class_ap50: Record<string, number>;
  ap_by_threshold: { thresholds: number[]; ap: number[]; mean: number };
};
type Expected = { mask?: Block; bbox?: Block };

const cases = listCases<Expected>("tide");

describe("TIDE equals tidecv on every case of the kit", () => {
  it("finds the cases", () => expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(["tide_errors_a", "real_val2014_100_bbox"])));
  for (const c of cases) {
    for (const mode of ["mask", "bbox"] as TideMode[]) {
      const want = c.expected[mode];
      if (!want) continue;
      it(`${c.name} ${mode}: AP50, dAP of every error, counts, per-class AP, AP per threshold`, () => {
        const tide = evaluateTide(readJson<CocoGroundTruth>(c.gtPath), readJson<CocoResult[]>(c.dtPath), { mode });
        expectClose(tide.ap50, want.ap50, "ap50");
        for (const [k, v] of Object.entries(want.main_errors))
          expectClose(tide.mainErrors[k as keyof typeof tide.mainErrors], v, `main ${k}`);
        for (const [k, v] of Object.entries(want.special_errors)) expectClose(tide.specialErrors[k as "FalsePos"], v, `special ${k}`);
        expect(tide.errorCounts).toEqual(want.error_counts);
        expect(tide.perClassAp50.map((p) => String(p.categoryId)).sort()).toEqual(Object.keys(want.per_class_ap50).sort());
        for (const p of tide.perClassAp50) expectClose(p.ap, want.per_class_ap50[String(p.categoryId)], `class ${p.categoryId}`);
        expect(tide.apByThreshold.thresholds).toEqual(want.ap_by_threshold.thresholds);
        want.ap_by_threshold.ap.forEach((v, i) => expectClose(tide.apByThreshold.ap[i], v, `ap@${want.ap_by_threshold.thresholds[i]}`));
        expectClose(tide.apByThreshold.mean, want.ap_by_threshold.mean, "mean");
      });
    }
  }
});

describe("TIDE quirks, computed by hand", () => {
  // One 100x100 image, one GT box of class 1. Three detections of class 1 with the same score, in
  // this file order: A and B overlap the GT at IoU 0.3 (Loc errors on the same unmatched GT), X lies
  // far away (Bkg). TIDE gives the fix to the first of the best-scored Loc errors (A), and pushes fixed
  // points in error order before the true positives: [A: TP, X: FP] sorted stably by score, so the
  // fixed AP is 100 (with B fixed instead it would read [X: FP, B: TP] and be 50).
  const gt: CocoGroundTruth = {
    images: [{ id: 1, width: 100, height: 100 }],
    categories: [{ id: 1, name: "one" }],
    annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }],
  };
  // [0, 0, 10, 10] vs [0, 0, 10, 3]: IoU 30 / 100 = 0.3; vs [7, 0, 3, 10]: also 0.3.
  const dt: CocoResult[] = [
    { image_id: 1, category_id: 1, score: 0.9, bbox: [0, 0, 10, 3] },
    { image_id: 1, category_id: 1, score: 0.9, bbox: [80, 80, 10, 10] },
    { image_id: 1, category_id: 1, score: 0.9, bbox: [7, 0, 3, 10] },
  ];
  it("fixes the first of equal-scored errors on one GT, and ranks fixed points before the others on ties", () => {
    const tide = evaluateTide(gt, dt, { mode: "bbox" });
    expect(tide.ap50).toBe(0);
    expect(tide.errorCounts).toEqual({ Cls: 0, Loc: 2, Both: 0, Dupe: 0, Bkg: 1, Miss: 0 });
    expect(tide.mainErrors.Loc).toBe(100);
    // Perfect precision: the FPs score 0, no TP exists, so the AP stays 0; perfect recall drops the GT.
    expect(tide.specialErrors).toEqual({ FalsePos: 0, FalseNeg: 0 });
  });
  it("skips detections on images that are not in the ground truth", () => {
    const tide = evaluateTide(gt, [...dt, { image_id: 404, category_id: 1, score: 1, bbox: [0, 0, 10, 10] }], { mode: "bbox" });
    expect(tide.errorCounts.Bkg).toBe(1);
  });
});
