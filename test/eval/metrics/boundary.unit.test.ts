// Boundary AP (boundary-iou-api's COCOeval, iouType "boundary"): the 12 stats with useCats 1 and 0,
// every per-class number, and the IoU matrices of debug.json, for every boundary case of the kit.
import { describe, expect, it } from "vitest";
import { defaultParams, evaluate, prepareGroundTruth, type CocoGroundTruth, type CocoResult } from "@/lib/eval";
import { boundaryIouBlock } from "@/lib/eval/boundary-iou";
import { annToRle, prepareRle, type PreparedRle } from "@/lib/eval/mask";
import { maskBoundary } from "@/lib/eval/mask/boundary";
import { PER_CLASS_KEYS, readJson } from "../fixture-cases";
import { expectClose, listCases } from "./kit";

type Expected = {
  params: { dilation_ratio: number };
  boundary: { stats: number[]; per_category: Record<string, Record<(typeof PER_CLASS_KEYS)[number], number>> };
  boundary_useCats0: { stats: number[] };
};
type IouDebug = {
  image_id: number;
  category_id: number;
  dt_ids_score_sorted: number[];
  gt_ids_file_order: number[];
  gt_iscrowd: number[];
  iou: number[][];
};

const FIELD = {
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

const cases = listCases<Expected>("boundary");

describe("Boundary AP equals boundary-iou-api on every case of the kit", () => {
  it("finds the cases", () =>
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(["boundary_quirks_a", "real_val2014_100_segm"])));
  for (const c of cases) {
    describe(c.name, () => {
      const gt = () => readJson<CocoGroundTruth>(c.gtPath);
      const dt = () => readJson<CocoResult[]>(c.dtPath);
      const ratio = c.expected.params.dilation_ratio;
      it("stats and per-class metrics (useCats 1)", () => {
        const prepared = prepareGroundTruth(gt(), "boundary", { dilationRatio: ratio });
        const result = evaluate(prepared, dt(), { ...defaultParams("boundary"), dilationRatio: ratio });
        c.expected.boundary.stats.forEach((v, i) => expectClose(result.stats[i], v, `stats[${i}]`));
        for (const [id, metrics] of Object.entries(c.expected.boundary.per_category)) {
          const mine = result.perClass.find((p) => p.categoryId === Number(id))!;
          for (const key of PER_CLASS_KEYS) expectClose(mine[FIELD[key]], metrics[key], `category ${id} ${key}`);
        }
      });
      it("stats with useCats 0", () => {
        const result = evaluate(prepareGroundTruth(gt(), "boundary", { dilationRatio: ratio }), dt(), {
          ...defaultParams("boundary"),
          useCats: false,
        });
        c.expected.boundary_useCats0.stats.forEach((v, i) => expectClose(result.stats[i], v, `stats[${i}]`));
      });
      const debug = c.debug as { ious?: IouDebug[] } | null;
      if (debug?.ious) {
        it("IoU matrices (min of mask and boundary IoU, mask IoU for crowd)", () => {
          const g = gt(),
            d = dt();
          const images = new Map(g.images.map((i) => [i.id, i]));
          const anns = new Map(g.annotations.map((a) => [a.id, a]));
          const mask = (segmentation: CocoResult["segmentation"], imageId: number): PreparedRle => {
            const image = images.get(imageId)!;
            return prepareRle(annToRle(segmentation!, image.height, image.width));
          };
          for (const block of debug.ious!) {
            const gts = block.gt_ids_file_order.map((id) => mask(anns.get(id)!.segmentation, block.image_id));
            const dts = block.dt_ids_score_sorted.map((id) => mask(d[id - 1].segmentation, block.image_id));
            const ious = boundaryIouBlock(
              dts,
              gts,
              gts.map((m) => prepareRle(maskBoundary(m, ratio))),
              block.gt_iscrowd,
              ratio,
            );
            block.iou.forEach((row, i) =>
              row.forEach((v, j) =>
                expectClose(ious[i * gts.length + j], v, `image ${block.image_id} cat ${block.category_id} [${i}, ${j}]`),
              ),
            );
          }
        });
      }
    });
  }
});
