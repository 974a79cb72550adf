// LVIS federated AP (lvis-api LVISEval; Fixed AP = its challenge2021 mode) on every case of the kit:
// the results dictionary, every per-category number, the counts, and (segm) each result's fate.
import { describe, expect, it } from "vitest";
import type { CocoResult } from "@/lib/eval";
import type { LvisGroundTruth } from "@/lib/eval/lvis/ground-truth";
import { evaluateLvis, evaluateLvisSplits, prepareLvisGroundTruth, runLvis, type LvisOptions } from "@/lib/eval/lvis/evaluate";
import { FALSE_POSITIVE, IGNORED, TRUE_POSITIVE } from "@/lib/eval/match-image";
import { readJson } from "../fixture-cases";
import { expectClose, listCases } from "./kit";

const PER_CATEGORY = {
  AP: "ap",
  AP50: "ap50",
  AP75: "ap75",
  APs: "apSmall",
  APm: "apMedium",
  APl: "apLarge",
  AR: "ar",
  ARs: "arSmall",
  ARm: "arMedium",
  ARl: "arLarge",
} as const;

type Block = {
  results: Record<string, number>;
  per_category: Record<string, Record<keyof typeof PER_CATEGORY, number>>;
  counts: {
    results_in_file: number;
    dets_after_limits: number;
    dets_evaluated: number;
    gt_evaluated: number;
    categories_per_frequency: Record<string, number>;
  };
};
type Expected = Record<"segm" | "bbox" | "challenge2021" | "boundary", Block>;
type Debug = {
  segm: { status: string[]; lvis_id: number[]; match_iou50: number[]; ignored_iou50: number[]; gt_not_evaluated: number[] };
};

const BLOCKS: Record<keyof Expected, LvisOptions> = {
  segm: { iouType: "segm" },
  bbox: { iouType: "bbox" },
  challenge2021: { mode: "fixed" },
  boundary: { iouType: "boundary" },
};

const cases = listCases<Expected>("lvis");

describe("LVIS AP equals lvis-api on every case of the kit", () => {
  it("finds the cases", () => expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(["lvis_federated", "real_lvis_val_100"])));
  for (const c of cases) {
    describe(c.name, () => {
      for (const [block, options] of Object.entries(BLOCKS) as [keyof Expected, LvisOptions][]) {
        it(`${block}: results, per-category numbers and counts`, () => {
          const gt = readJson<LvisGroundTruth>(c.gtPath);
          const dt = readJson<CocoResult[]>(c.dtPath);
          const want = c.expected[block];
          const { result } = runLvis(gt, gt, dt, options);
          expect(Object.keys(result.results)).toEqual(Object.keys(want.results));
          for (const [key, value] of Object.entries(want.results)) expectClose(result.results[key], value, key);
          for (const mine of result.perClass) {
            const theirs = want.per_category[String(mine.categoryId)];
            for (const [key, field] of Object.entries(PER_CATEGORY) as [
              keyof typeof PER_CATEGORY,
              (typeof PER_CATEGORY)[keyof typeof PER_CATEGORY],
            ][]) {
              expectClose(mine[field], theirs ? theirs[key] : -1, `category ${mine.categoryId} ${key}`);
            }
          }
          expect(Object.keys(want.per_category).every((id) => result.perClass.some((p) => p.categoryId === Number(id)))).toBe(true);
          expect(result.counts).toEqual({
            resultsInFile: want.counts.results_in_file,
            detsAfterLimits: want.counts.dets_after_limits,
            detsEvaluated: want.counts.dets_evaluated,
            gtEvaluated: want.counts.gt_evaluated,
            categoriesPerFrequency: want.counts.categories_per_frequency,
          });
        });
      }
      const debug = c.debug as Debug | null;
      if (debug) {
        it("segm: each result cut, dropped or evaluated, its id, and its state at IoU 0.50 (debug.json)", () => {
          const gt = readJson<LvisGroundTruth>(c.gtPath);
          const dt = readJson<CocoResult[]>(c.dtPath);
          const run = runLvis(gt, gt, dt, { iouType: "segm" });
          expect(run.status).toEqual(debug.segm.status);
          expect(Array.from(run.lvisId)).toEqual(debug.segm.lvis_id);
          // State at t = 0 (IoU 0.50), area "all": TP iff matched and not ignored, FP iff neither.
          const { states, groups } = run;
          const AT = states.areas * states.thresholds;
          const expectedState = (i: number) =>
            debug.segm.ignored_iou50[i] ? IGNORED : debug.segm.match_iou50[i] !== 0 ? TRUE_POSITIVE : FALSE_POSITIVE;
          let checked = 0;
          for (let p = 0; p < groups.dtOrder.length; p++) {
            const i = run.resultIndex[groups.dtOrder[p]];
            expect(states.detState[p * AT], `result ${i}`).toBe(expectedState(i));
            checked++;
          }
          expect(checked).toBe(debug.segm.status.filter((s) => s === "evaluated").length);
          const evaluatedGt = new Set(Array.from(prepareLvisGroundTruth(gt, "segm").gtId));
          expect(gt.annotations.filter((a) => !evaluatedGt.has(a.id)).map((a) => a.id)).toEqual(debug.segm.gt_not_evaluated);
        });
      }
    });
  }
});

describe("LVIS AP per split (the worker's public and private numbers)", () => {
  const kase = cases.find((c) => c.name === "real_lvis_val_100")!;
  const gt = readJson<LvisGroundTruth>(kase.gtPath);
  const dt = readJson<CocoResult[]>(kase.dtPath);
  const ids = gt.images.map((i) => i.id);
  const first = ids.filter((_, i) => i % 3 === 0);
  const rest = ids.filter((_, i) => i % 3 !== 0);

  // The per-image top 300 and the federated labels are per image: a split of the default mode is
  // the evaluation of the ground truth and results cut down to the split's images (params.img_ids).
  function alone(imageIds: number[]) {
    const keep = new Set(imageIds);
    const sub: LvisGroundTruth = {
      ...gt,
      images: gt.images.filter((i) => keep.has(i.id)),
      annotations: gt.annotations.filter((a) => keep.has(a.image_id)),
    };
    return evaluateLvis(
      sub,
      dt.filter((d) => keep.has(d.image_id)),
      { iouType: "segm" },
    );
  }

  it("each split equals the evaluation of that split's images alone; the whole split equals evaluateLvis", () => {
    const bySplit = evaluateLvisSplits(gt, dt, { first, rest, all: ids }, { iouType: "segm" });
    for (const [name, imageIds] of [
      ["first", first],
      ["rest", rest],
    ] as const) {
      const want = alone(imageIds);
      expect(bySplit[name].results, name).not.toEqual(bySplit.all.results);
      for (const [key, value] of Object.entries(want.results)) expectClose(bySplit[name].results[key], value, `${name} ${key}`);
      want.perClass.forEach((c, k) => {
        for (const field of Object.values(PER_CATEGORY))
          expectClose(bySplit[name].perClass[k][field], c[field], `${name} ${c.categoryId} ${field}`);
      });
      expect(bySplit[name].instances).toEqual(want.instances);
      expect(bySplit[name].counts.gtEvaluated).toBe(want.counts.gtEvaluated);
    }
    expect(bySplit.all.results).toEqual(evaluateLvis(gt, dt, { iouType: "segm" }).results);
  });
});
