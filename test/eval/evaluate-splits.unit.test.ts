// evaluateSplits: one loadRes/IoU/matching pass, each split accumulated as params.imgIds would restrict it.
import { describe, expect, it } from "vitest";
import {
  defaultParams,
  evaluate,
  evaluateSplits,
  prepareGroundTruth,
  type CocoGroundTruth,
  type CocoResult,
  type EvalStage,
} from "@/lib/eval";
import { listFixtureCases, loadCase } from "./fixture-cases";

const real = listFixtureCases().find((c) => c.name === "real_val2014_100_segm")!;

/** What pycocotools computes with params.imgIds = ids: GT and detections of other images left out. */
function restrict(gt: CocoGroundTruth, dt: CocoResult[], ids: number[]): { gt: CocoGroundTruth; dt: CocoResult[] } {
  const keep = new Set(ids);
  return {
    gt: { ...gt, images: gt.images.filter((i) => keep.has(i.id)), annotations: gt.annotations.filter((a) => keep.has(a.image_id)) },
    dt: dt.filter((d) => keep.has(d.image_id)),
  };
}

describe("evaluateSplits", () => {
  const { gt, dt } = loadCase(real);
  const ids = gt.images.map((i) => i.id).sort((a, b) => a - b);
  const splits = { public: ids.filter((_, i) => i % 3 !== 0), private: ids.filter((_, i) => i % 3 === 0), all: ids };

  for (const iouType of ["segm", "bbox"] as const) {
    for (const useCats of [true, false]) {
      it(`each split equals COCOeval restricted to its images (${iouType}, useCats ${useCats})`, () => {
        const params = { ...defaultParams(iouType), useCats };
        const results = evaluateSplits(prepareGroundTruth(gt, iouType), dt, params, splits);
        for (const [name, splitIds] of Object.entries(splits)) {
          const restricted = restrict(gt, dt, splitIds);
          const alone = evaluate(restricted.gt, restricted.dt, params);
          expect(results[name].stats, name).toEqual(alone.stats);
          expect(results[name].perClass, name).toEqual(alone.perClass);
          expect(results[name].prCurves, name).toEqual(alone.prCurves);
        }
        expect(results.public.stats).not.toEqual(results.private.stats);
      });
    }
  }

  it("counts per class: numGt = non-crowd GT of the class in the split, numDt = its detections before maxDets", () => {
    const prepared = prepareGroundTruth(gt, "segm");
    const results = evaluateSplits(prepared, dt, defaultParams("segm"), splits);
    for (const [name, splitIds] of Object.entries(splits)) {
      const keep = new Set(splitIds);
      for (const c of results[name].perClass) {
        const numGt = gt.annotations.filter((a) => a.category_id === c.categoryId && keep.has(a.image_id) && !a.iscrowd).length;
        const numDt = dt.filter((d) => d.category_id === c.categoryId && keep.has(d.image_id)).length;
        expect([c.numGt, c.numDt], `${name} class ${c.categoryId}`).toEqual([numGt, numDt]);
      }
    }
    expect(results.all.perClass.reduce((s, c) => s + c.numDt, 0)).toBe(dt.length);
  });

  it("an empty split is undefined (-1) everywhere, like COCOeval with no image", () => {
    const r = evaluateSplits(prepareGroundTruth(gt, "bbox"), dt, defaultParams("bbox"), { none: [] }).none;
    expect(r.stats.every((s) => s === -1)).toBe(true);
    expect(r.perClass.every((c) => c.ap === -1 && c.numGt === 0 && c.numDt === 0)).toBe(true);
  });

  it("reports progress through loading, matching and accumulating, each reaching 1", () => {
    const seen: [EvalStage, number][] = [];
    evaluateSplits(prepareGroundTruth(gt, "bbox"), dt, defaultParams("bbox"), splits, { onProgress: (stage, f) => seen.push([stage, f]) });
    const stages = [...new Set(seen.map(([s]) => s))];
    expect(stages).toEqual(["loading", "matching", "accumulating"]);
    for (const stage of stages) {
      const fractions = seen.filter(([s]) => s === stage).map(([, f]) => f);
      expect(
        fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])),
        stage,
      ).toBe(true);
      expect(fractions.at(-1), stage).toBe(1);
    }
  });

  it("refuses params for another iouType than the prepared ground truth", () => {
    expect(() => evaluateSplits(prepareGroundTruth(gt, "bbox"), dt, defaultParams("segm"), { all: ids })).toThrow(/prepared for "bbox"/);
  });
});
