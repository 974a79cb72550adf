// The bootstrap re-accumulates cached matching results with image multiplicities. Two checks of that
// claim: with every multiplicity 1 it is the plain evaluation bit for bit (reference cases, every
// protocol variant); with drawn multiplicities it is the evaluation, from scratch, of the drawn images
// duplicated with new ids (tie-free cases: there the two rank detections identically), to 1e-12.
import { describe, expect, it } from "vitest";
import {
  defaultParams,
  evaluate,
  prepareGroundTruth,
  type CocoGroundTruth,
  type CocoResult,
  type EvalParams,
  type EvalResult,
} from "@/lib/eval";
import { evaluateForBootstrap, replicateEvaluator } from "@/lib/eval/bootstrap";
import { mulberry32 } from "@/lib/seeded-random";
import { listFixtureCases, loadCase } from "../fixture-cases";
import { boxCase } from "@/scripts/synth/boxes";
import { duplicateImages } from "./naive-replicate";

const PER_CLASS = [
  "ap",
  "ap50",
  "ap75",
  "apSmall",
  "apMedium",
  "apLarge",
  "ar1",
  "ar10",
  "ar100",
  "arSmall",
  "arMedium",
  "arLarge",
] as const;

function replicate(gt: CocoGroundTruth, dt: CocoResult[], params: EvalParams, multiplicity: (ids: Float64Array) => ArrayLike<number>) {
  const prepared = prepareGroundTruth(gt, params.iouType);
  const { result, cache } = evaluateForBootstrap(prepared, dt, params);
  const evaluator = replicateEvaluator(cache, { perClass: true });
  const counts = multiplicity(cache.imageIds);
  const stats = new Float64Array(12);
  const perClass = new Float64Array(cache.categoryIds.length * 12);
  evaluator.evaluate(counts, stats, 0, perClass, 0);
  return { result, cache, counts, stats: Array.from(stats), perClass };
}

function perClassRows(result: EvalResult): number[] {
  return result.perClass.flatMap((c) => PER_CLASS.map((k) => c[k]));
}

function variants(iouType: "segm" | "bbox", useCats: boolean): [string, EvalParams][] {
  const base = { ...defaultParams(iouType), useCats };
  return [
    ["COCO protocol", base],
    ["micro averaging", { ...base, classAveraging: "micro" }],
    ["maxDets [1, 2, 5], two thresholds, 11 recall points", { ...base, maxDets: [5, 1, 2], iouThresholds: [0.5, 0.75], recallPoints: 11 }],
    [
      "custom area ranges (one overlapping another)",
      {
        ...base,
        areaRanges: [
          { name: "all", range: [0, 1e10] },
          { name: "small", range: [0, 1500] },
          { name: "tiny-to-mid", range: [500, 5000] },
        ],
      },
    ],
  ];
}

describe("all multiplicities 1: the plain evaluation, bit for bit", () => {
  for (const c of listFixtureCases()) {
    for (const run of c.runs) {
      for (const [name, params] of variants(run.iouType, run.useCats)) {
        it(`${c.name} ${run.key}: ${name}`, () => {
          const { gt, dt } = loadCase(c);
          const { result, stats, perClass } = replicate(gt, dt, params, (ids) => new Uint16Array(ids.length).fill(1));
          expect(stats).toEqual(result.stats);
          // toEqual treats -0 and 0 alike, Object.is does not: compare bit for bit.
          stats.forEach((v, i) => expect(Object.is(v, result.stats[i]), `stat ${i}: ${v} vs ${result.stats[i]}`).toBe(true));
          const expected = perClassRows(result);
          Array.from(perClass).forEach((v, i) =>
            expect(Object.is(v, expected[i]), `per-class value ${i}: ${v} vs ${expected[i]}`).toBe(true),
          );
        });
      }
    }
  }
});

describe("drawn multiplicities: the drawn images duplicated with new ids, evaluated from scratch", () => {
  const cases = [
    { seed: 1, images: 40, categories: 3, gtPerImage: 3, crowd: 0.05 },
    { seed: 2, images: 25, categories: 1, gtPerImage: 6, falsePositives: 4 },
    { seed: 3, images: 60, categories: 5, gtPerImage: 1.5, recall: 0.6, crowd: 0.1 },
  ];
  for (const spec of cases) {
    for (const useCats of [true, false]) {
      for (const [name, params] of variants("bbox", useCats)) {
        it(`seed ${spec.seed}, useCats ${useCats}: ${name}`, () => {
          const { gt, dt } = boxCase(spec);
          const random = mulberry32(1000 + spec.seed);
          for (let draw = 0; draw < 4; draw++) {
            const { cache, counts, stats, perClass } = replicate(gt, dt, params, (ids) => {
              const m = new Uint16Array(ids.length);
              for (let i = 0; i < ids.length; i++) m[Math.floor(random() * ids.length)]++;
              return m;
            });
            const naive = duplicateImages(gt, dt, cache.imageIds, counts);
            const expected = evaluate(naive.gt, naive.dt, params);
            stats.forEach((v, i) =>
              expect(Math.abs(v - expected.stats[i]), `stat ${i}: ${v} vs ${expected.stats[i]}`).toBeLessThanOrEqual(1e-12),
            );
            const rows = perClassRows(expected);
            Array.from(perClass).forEach((v, i) => expect(Math.abs(v - rows[i]), `per-class value ${i}`).toBeLessThanOrEqual(1e-12));
          }
        });
      }
    }
  }
});
