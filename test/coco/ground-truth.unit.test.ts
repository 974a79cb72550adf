import { describe, expect, it } from "vitest";
import { parseGroundTruthFile } from "@/lib/coco";
import { CocoValidationError } from "@/lib/coco/errors";
import { writeGzip, writeTemp } from "./temp-files";

const VAL2014 = "test/fixtures/data/cocoapi_val2014_100/instances_val2014_100.json";

function smallGt() {
  return {
    images: [
      { id: 1, width: 4, height: 3 },
      { id: 2, width: 10, height: 10 },
    ],
    categories: [
      { id: 1, name: "car" },
      { id: 2, name: "person" },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, area: 6, iscrowd: 0, segmentation: [[0, 0, 3, 0, 3, 2]], bbox: [0, 0, 3, 2] },
      { id: 2, image_id: 2, category_id: 2, area: 2000, iscrowd: 1, segmentation: { size: [10, 10], counts: [10, 20, 70] } },
      { id: 3, image_id: 2, category_id: 2, area: 5000, iscrowd: 0, segmentation: { size: [10, 10], counts: "T3" } },
    ],
  };
}

async function problemsOf(doc: unknown, iouType?: "segm" | "bbox"): Promise<string[]> {
  try {
    await parseGroundTruthFile(writeTemp("gt.json", doc), { iouType });
  } catch (e) {
    expect(e).toBeInstanceOf(CocoValidationError);
    return (e as CocoValidationError).problems.map((p) => p.message);
  }
  throw new Error("expected the ground truth to be rejected");
}

describe("parseGroundTruthFile", () => {
  it("reads the real val2014 subset and summarizes it", async () => {
    const { gt, summary } = await parseGroundTruthFile(VAL2014);
    expect(gt.images).toHaveLength(100);
    expect(gt.annotations).toHaveLength(839);
    expect(summary).toMatchObject({ images: 100, instances: 830, crowdRegions: 9, sizes: { small: 407, medium: 240, large: 183 } });
    expect(summary.categories).toHaveLength(80);
    expect(summary.categories.find((c) => c.name === "person")).toMatchObject({ id: 1 });
    expect(summary.categories.reduce((n, c) => n + c.instances + c.crowdRegions, 0)).toBe(839);
  });

  it("accepts the small valid dataset, gzipped too, and counts its sizes", async () => {
    const { summary } = await parseGroundTruthFile(writeGzip("gt.json.gz", JSON.stringify(smallGt())));
    expect(summary).toEqual({
      images: 2,
      instances: 2,
      crowdRegions: 1,
      categories: [
        { id: 1, name: "car", instances: 1, crowdRegions: 0 },
        { id: 2, name: "person", instances: 1, crowdRegions: 1 },
      ],
      sizes: { small: 1, medium: 1, large: 0 },
      imagesWithoutAnnotations: 0,
      annotationsWithoutSegmentation: 0,
      lvisFormat: { valid: false, problems: 6, firstProblems: expect.any(Array) },
    });
  });

  it("names duplicates and dangling references", async () => {
    const gt = smallGt();
    gt.images.push({ id: 2, width: 5, height: 5 });
    gt.categories.push({ id: 1, name: "bus" });
    gt.annotations.push({ ...gt.annotations[0], id: 3 });
    gt.annotations.push({ ...gt.annotations[0], id: 9, image_id: 77 });
    gt.annotations.push({ ...gt.annotations[0], id: 10, category_id: 5 });
    expect(await problemsOf(gt)).toEqual([
      "images[2].id 2 is used by an earlier image too; image ids must be unique",
      "categories[2].id 1 is used by an earlier category too; category ids must be unique",
      "annotations[3].id 3 is used by an earlier annotation too; annotation ids must be unique",
      'annotations[4].image_id 77 is not in "images"; every annotation must point at a listed image',
      'annotations[5].category_id 5 is not in "categories"; every annotation must point at a listed category',
    ]);
  });

  it("checks polygons, RLE sizes, areas and required fields", async () => {
    const gt = smallGt();
    gt.annotations[0].segmentation = [[0, 0, 3, 0]];
    (gt.annotations[1].segmentation as { size: number[] }).size = [3, 4];
    (gt.annotations[2].segmentation as { counts: string }).counts = "5";
    gt.annotations.push({
      id: 4,
      image_id: 1,
      category_id: 1,
      area: -1,
      iscrowd: 0,
      segmentation: [[0, 0, 1, 0, 1, 1]],
      bbox: [0, 0, 1, 1],
    });
    gt.annotations.push({ id: 5, image_id: 1, category_id: 1, iscrowd: 0, bbox: [0, 0, 1, 1] } as never);
    expect(await problemsOf(gt)).toEqual([
      "annotations[0].segmentation[0] has 4 numbers; a polygon needs at least 3 points (6 numbers)",
      "annotations[1].segmentation.size is [3, 4] but image 2 is 10x10; RLE size is [height, width] of the image",
      "annotations[2].segmentation.counts decodes to 5 pixels but the mask has 100 (height*width); the RLE was made for another image size or is corrupt",
      "annotations[3].area is -1; areas cannot be negative",
      "annotations[4].area is missing; COCO needs each annotation's area (it decides small/medium/large)",
    ]);
  });

  it("requires masks for segm and boxes for bbox scoring", async () => {
    const gt = smallGt();
    delete (gt.annotations[0] as { segmentation?: unknown }).segmentation;
    expect(await problemsOf(gt)).toEqual([
      "annotations[0] has no segmentation; this ground truth is scored on masks, so every annotation needs polygons or an RLE",
    ]);
    expect(await problemsOf(smallGt(), "bbox")).toEqual([
      "annotations[1].bbox is missing; give [x, y, width, height]",
      "annotations[2].bbox is missing; give [x, y, width, height]",
    ]);
  });

  it("rejects files that are not COCO datasets", async () => {
    expect(await problemsOf([1, 2])).toEqual([
      'a ground-truth file must be a COCO dataset object {"images": [...], "annotations": [...], "categories": [...]}, but its top level is a list',
    ]);
    expect(await problemsOf({ images: [], annotations: {} })).toEqual([
      '"annotations" is an object; a COCO dataset needs a list of annotations',
      '"categories" is missing; a COCO dataset needs a list of categories',
    ]);
    expect(await problemsOf({ images: [{ id: "7", width: 0, height: 2 }], annotations: [], categories: [{ id: 1 }] })).toEqual([
      'images[0].id is the string "7"; image ids are numbers',
      "categories[0].name is missing; give each category a name",
    ]);
  });
});

describe("image size cap (issue 11, item 10)", () => {
  it("refuses a 100000x100000 image, naming the limits", async () => {
    const { validateGroundTruth } = await import("@/lib/coco");
    const doc = { images: [{ id: 1, width: 100_000, height: 100_000 }], annotations: [], categories: [{ id: 1, name: "a" }] };
    expect(() => validateGroundTruth(doc)).toThrow(/images\[0\] is 100000x100000 pixels; images may be at most 65536 pixels per side/);
  });
});
