// Every pycocotools 2.0.11 number of every reference case, compared with exact equality (bit for bit):
// the summary stats and all twelve per-class metrics, segm and bbox, useCats 1 and 0.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultParams, evaluate, prepareGroundTruth } from "@/lib/eval";
import { FIXTURES_DIR, PER_CLASS_KEYS, listFixtureCases, loadCase } from "./fixture-cases";

const METRIC_FIELD = {
  AP: "ap",
  AP50: "ap50",
  AP75: "ap75",
  APs: "apSmall",
  APm: "apMedium",
  APl: "apLarge",
  AR1: "ar1",
  AR10: "ar10",
  AR100: "ar100",
  ARs: "arSmall",
  ARm: "arMedium",
  ARl: "arLarge",
} as const;

const cases = listFixtureCases();

describe("reference cases of the reference kit (test/fixtures/reference)", () => {
  it("finds all the cases, including the real val2014 ones", () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(["basic_polygons", "real_val2014_100_segm", "real_val2014_100_bbox", "real_fce_shapes"]),
    );
    expect(cases.length).toBeGreaterThanOrEqual(11);
    for (const c of cases) expect(c.runs.length, c.name).toBeGreaterThan(0);
  });

  for (const c of cases) {
    describe(c.name, () => {
      for (const run of c.runs) {
        it(`${run.key}: stats and per-class metrics equal pycocotools exactly`, () => {
          const { gt, dt } = loadCase(c);
          const result = evaluate(prepareGroundTruth(gt, run.iouType), dt, { ...defaultParams(run.iouType), useCats: run.useCats });
          expect(result.stats).toEqual(run.expected.stats);
          for (let i = 0; i < 12; i++) expect(Object.is(result.stats[i], run.expected.stats[i]), `stats[${i}]`).toBe(true);
          const perCategory = run.expected.per_category;
          if (!perCategory) return;
          expect(result.perClass.map((p) => p.categoryId)).toEqual(
            Object.keys(perCategory)
              .map(Number)
              .sort((a, b) => a - b),
          );
          for (const [categoryId, metrics] of Object.entries(perCategory)) {
            const mine = result.perClass.find((p) => p.categoryId === Number(categoryId))!;
            for (const key of PER_CLASS_KEYS) expect(mine[METRIC_FIELD[key]], `category ${categoryId} ${key}`).toBe(metrics[key]);
          }
        });
      }
    });
  }

  it("reproduces cocoapi's official val2014 fake results (README numbers, full precision)", () => {
    const readme = readFileSync(path.resolve(FIXTURES_DIR, "../data/README.md"), "utf8");
    const numbersAfter = (label: string) =>
      readme
        .slice(readme.indexOf(label))
        .split("=")[1]
        .split(/[;\n]\s*(?=[a-z(])/)[0]
        .split(",")
        .map((s) => Number(s.trim().replace(/\.$/, "")));
    const segmStats = numbersAfter("segm stats");
    const bboxStats = numbersAfter("bbox (fakebbox100) stats");
    expect(segmStats).toHaveLength(12);
    expect(bboxStats).toHaveLength(12);
    const segm = cases.find((c) => c.name === "real_val2014_100_segm")!;
    const bbox = cases.find((c) => c.name === "real_val2014_100_bbox")!;
    const s = loadCase(segm);
    const b = loadCase(bbox);
    expect(evaluate(s.gt, s.dt, defaultParams("segm")).stats).toEqual(segmStats);
    expect(evaluate(b.gt, b.dt, defaultParams("bbox")).stats).toEqual(bboxStats);
  });
});
