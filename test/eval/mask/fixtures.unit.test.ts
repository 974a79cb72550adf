// Every mask number pycocotools wrote into the shared fixtures, reproduced bit for bit.
import { describe, expect, it } from "vitest";
import { annToRle, encodeCounts, maskIou, prepareRle, rleArea, rleToBbox } from "@/lib/eval/mask";
import { loadMaskFixtures } from "./fixtures";

const fixtures = loadMaskFixtures();

describe("pycocotools fixtures", () => {
  it("finds the reference cases, including the real val2014 and faster_coco_eval data", () => {
    const names = fixtures.map((f) => f.name);
    for (const required of ["polygon_raster", "rle_gt_formats", "crowd_regions", "real_fce_shapes", "real_val2014_100_segm"]) {
      expect(names).toContain(required);
    }
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      it("rasterises every GT annotation to pycocotools' exact counts string, area and box", () => {
        const ids = Object.keys(fixture.debug.gt_rle);
        expect(ids.length).toBe(fixture.gt.annotations.length);
        for (const id of ids) {
          const want = fixture.debug.gt_rle[id];
          const ann = fixture.gtById.get(Number(id))!;
          const { h, w } = fixture.imageSize(ann.image_id);
          const rle = annToRle(ann.segmentation!, h, w);
          expect({ id, counts: encodeCounts(rle.counts), size: [rle.h, rle.w] }).toEqual({ id, counts: want.counts, size: want.size });
          expect({ id, area: rleArea(rle), bbox: rleToBbox(rle) }).toEqual({ id, area: want.mask_area, bbox: want.mask_bbox });
        }
      });

      const segmentationBranch = fixture.dts.length > 0 && fixture.dts[0].bbox === undefined;
      it.runIf(segmentationBranch)("gives every detection loadRes' area and toBbox", () => {
        for (const [index, dt] of fixture.dts.entries()) {
          const want = fixture.debug.dt_loadres[String(index + 1)];
          const { h, w } = fixture.imageSize(dt.image_id);
          const rle = annToRle(dt.segmentation!, h, w);
          expect({ id: index + 1, area: rleArea(rle), bbox: rleToBbox(rle) }).toEqual({ id: index + 1, ...want });
          const prepared = prepareRle(rle);
          expect({ id: index + 1, area: prepared.area, bbox: prepared.bbox }).toEqual({ id: index + 1, ...want });
        }
      });

      it("reproduces every IoU matrix exactly (===, no tolerance)", () => {
        let compared = 0;
        for (const block of fixture.debug.ious) {
          const { h, w } = fixture.imageSize(block.image_id);
          const dts = block.dt_ids_score_sorted.map((id) => annToRle(fixture.dts[id - 1].segmentation!, h, w));
          const gtAnns = block.gt_ids_file_order.map((id) => fixture.gtById.get(id)!);
          const gts = gtAnns.map((a) => annToRle(a.segmentation!, h, w));
          const iou = maskIou(
            dts,
            gts,
            gtAnns.map((a) => a.iscrowd ?? 0),
          );
          const n = gts.length;
          const got = block.iou.length === 0 ? [] : dts.map((_, d) => Array.from(iou.subarray(d * n, d * n + n)));
          expect({ image: block.image_id, category: block.category_id, iou: got }).toEqual({
            image: block.image_id,
            category: block.category_id,
            iou: block.iou,
          });
          compared += iou.length;
        }
        expect(compared).toBeGreaterThan(0);
      });
    });
  }
});
