import { describe, expect, it } from "vitest";
import type { CocoGroundTruth } from "@/lib/eval";
import { parseGroundTruthFile, parseResultsFile, validateResultsFile } from "@/lib/coco";
import { CocoValidationError } from "@/lib/coco/errors";
import { newResultsTally } from "@/lib/coco/results";
import { writeTemp, writeZip } from "./temp-files";

const DATA = "test/fixtures/data/cocoapi_val2014_100";
const FCE = "test/fixtures/data/fce_small";

// 12 "holes" in 1..90 like COCO's category ids.
const COCO_IDS = Array.from({ length: 90 }, (_, k) => k + 1).filter((id) => ![12, 26, 29, 30, 45, 66, 68, 69, 71, 83].includes(id));

const gt: CocoGroundTruth = {
  images: [
    { id: 17, width: 640, height: 427 },
    { id: 18, width: 4, height: 3 },
  ],
  categories: COCO_IDS.map((id) => ({ id, name: `class${id}` })),
  annotations: [],
};

const good = { image_id: 18, category_id: 1, score: 0.5, segmentation: { size: [3, 4], counts: "<0" } }; // 12 = 0b01100

type Options = { iouType?: "segm" | "bbox"; useCats?: boolean; imageSetName?: string; rules?: "challenge" | "pycocotools" };

async function problemsOf(text: string, options: Options = {}): Promise<CocoValidationError> {
  try {
    await parseResultsFile(writeTemp("results.json", text), { gt, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(CocoValidationError);
    return e as CocoValidationError;
  }
  throw new Error("expected the results to be rejected");
}

const messages = async (dets: unknown[], options?: Options) =>
  (await problemsOf(JSON.stringify(dets), options)).problems.map((p) => p.message);

describe("parseResultsFile", () => {
  it("reads the real cocoapi segm results as loadRes takes them", async () => {
    const { gt: val } = await parseGroundTruthFile(`${DATA}/instances_val2014_100.json`);
    const results = await parseResultsFile(`${DATA}/instances_val2014_fakesegm100_results.json`, { gt: val });
    expect(results).toHaveLength(734);
    expect(Object.keys(results[0]).sort()).toEqual(["category_id", "image_id", "score", "segmentation"]);
    expect(results[0]).toMatchObject({ image_id: 42, category_id: 18, score: 0.236 });
    const boxes = await parseResultsFile(`${DATA}/instances_val2014_fakebbox100_results.json`, { gt: val, iouType: "bbox" });
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((b) => b.bbox?.length === 4 && b.segmentation === undefined)).toBe(true);
  });

  it("accepts polygon results that carry a bbox (faster_coco_eval's fixture)", async () => {
    const { gt: fce } = await parseGroundTruthFile(`${FCE}/gt_dataset.json`);
    const results = await parseResultsFile(`${FCE}/dt_dataset.json`, { gt: fce });
    expect(results).toHaveLength(9);
    expect(Array.isArray(results[0].segmentation)).toBe(true);
    expect(results[0].bbox).toHaveLength(4);
  });

  it("reads a zipped results file and reports progress", async () => {
    const file = writeZip("r.zip", [{ name: "results.json", content: JSON.stringify([good, good]) }]);
    const seen: number[] = [];
    expect(await parseResultsFile(file, { gt, onProgress: (f) => seen.push(f) })).toHaveLength(2);
    expect(seen.at(-1)).toBe(1);
  });

  it("explains wrong ids with the valid choices", async () => {
    expect(await messages([good, { ...good, image_id: 123 }, { ...good, category_id: 91 }, { ...good, image_id: "18" }])).toEqual([
      "results[1].image_id 123 is not in the test set; detect only on those images",
      "results[2].category_id 91 is not a category of this challenge (valid: 1-90 except 12, 26, 29, 30, 45, 66, 68, 69, 71, 83)",
      'results[3].image_id is the string "18"; write the number 18 without quotes',
    ]);
    // A challenge names the phase whose images these are.
    expect(await messages([{ ...good, image_id: 123 }], { imageSetName: 'the 2 images of phase "Dev"' })).toEqual([
      'results[0].image_id 123 is not in the 2 images of phase "Dev"; detect only on those images',
    ]);
    // useCats = 0 ignores categories, as pycocotools does.
    await expect(parseResultsFile(writeTemp("r.json", [{ ...good, category_id: 91 }]), { gt, useCats: false })).resolves.toHaveLength(1);
  });

  it("names the bad score, including Python's NaN", async () => {
    const text = `[${JSON.stringify(good)}, {"image_id": 18, "category_id": 1, "score": NaN, "segmentation": {"size": [3, 4], "counts": "<0"}}]`;
    const err = await problemsOf(text);
    expect(err.problems.map((p) => p.message)).toEqual([
      "results[1].score is NaN (not a number); every detection needs a confidence score (a finite number)",
    ]);
    expect(
      await messages([
        { ...good, score: undefined },
        { ...good, score: "0.9" },
      ]),
    ).toEqual([
      "results[0].score is missing; every detection needs a confidence score (a finite number)",
      'results[1].score is the string "0.9"; every detection needs a confidence score (a finite number)',
    ]);
  });

  it("checks masks against their image", async () => {
    expect(
      await messages([
        { ...good, image_id: 17, segmentation: { size: [480, 640], counts: "0" } },
        { ...good, segmentation: { size: [3, 4], counts: "<1" } },
        { ...good, segmentation: { size: [3, 4], counts: "<0~" } },
        { ...good, segmentation: { size: [3, 4], counts: [5, 6] } },
        { ...good, segmentation: [[1, 1, 2, 2]] },
      ]),
    ).toEqual([
      "results[0].segmentation.size is [480, 640] but image 17 is 427x640; RLE size is [height, width] of the image",
      "results[1].segmentation.counts decodes to 13 pixels but the mask has 12 (height*width); the RLE was made for another image size or is corrupt",
      `results[2].segmentation.counts has a character "~" at position 2 that is not in COCO's RLE alphabet ('0'..'o'); encode masks with pycocotools.mask.encode and decode the bytes with .decode("ascii")`,
      "results[3].segmentation.counts sums to 11 pixels but the mask has 12 (height*width)",
      "results[4].segmentation[0] has 4 numbers; a polygon needs at least 3 points (6 numbers)",
    ]);
  });

  it("checkRunLengths: false leaves run sums to the evaluator but still catches a bad alphabet", async () => {
    const file = writeTemp("r.json", [{ ...good, segmentation: { size: [3, 4], counts: "<1" } }]);
    await expect(parseResultsFile(file, { gt, checkRunLengths: false })).resolves.toHaveLength(1);
    await expect(parseResultsFile(file, { gt })).rejects.toThrow("decodes to 13 pixels");
    const badChar = writeTemp("r.json", [{ ...good, segmentation: { size: [3, 4], counts: "<0~" } }]);
    await expect(parseResultsFile(badChar, { gt, checkRunLengths: false })).rejects.toThrow(
      'results[0].segmentation.counts has a character "~" at position 2',
    );
  });

  it("refuses box-only results for a mask challenge, and the reverse", async () => {
    const err = await problemsOf(
      JSON.stringify(Array.from({ length: 50 }, () => ({ image_id: 18, category_id: 1, score: 0.3, bbox: [0, 0, 2, 2] }))),
    );
    expect(err.total).toBe(50);
    expect(err.problems[0].message).toMatch(/^this challenge is scored on masks; results\[0\] has no segmentation/);
    expect(err.problems.length).toBeLessThanOrEqual(3); // one mistake repeated is shown a few times, counted fully
    expect(err.message).toMatch(/and 4\d more problem/);
    // The CLI's pycocotools compatibility: loadRes scores a box-only result as the box's polygon.
    const boxOnly = writeTemp("boxes.json", [{ image_id: 18, category_id: 1, score: 0.3, bbox: [0, 0, 2, 2] }]);
    await expect(parseResultsFile(boxOnly, { gt, rules: "pycocotools" })).resolves.toHaveLength(1);
    // A box challenge takes the box of a mask-only result from its mask (toBbox), as COCO's server does.
    await expect(parseResultsFile(writeTemp("masks.json", [good]), { gt, iouType: "bbox" })).resolves.toHaveLength(1);
    const { segmentation: _, ...noMask } = good;
    expect(await messages([noMask], { iouType: "bbox" })).toEqual([
      "this challenge is scored on boxes; results[0] has no bbox [x, y, width, height] and no segmentation to take one from",
    ]);
    // loadRes' segm branch reads every detection's area from its mask.
    expect(await messages([good, { ...noMask, bbox: [0, 0, 1, 1] }], { iouType: "bbox" })).toEqual([
      "results[1] has a bbox and no segmentation, but results[0] has a segmentation and no bbox; give every detection a bbox, or every one a segmentation (COCO decides from the first detection)",
    ]);
    expect(await messages([{ ...good, bbox: [0, 0, 1, 1] }, good])).toEqual([
      "results[1] has no bbox but results[0] has one; give every detection a bbox, or none (COCO decides from the first detection)",
    ]);
  });

  it("pycocotools rules: counts unknown categories, leaves short polygons and other RLE sizes to the evaluator", async () => {
    const unknown = [good, { ...good, category_id: 0 }, { ...good, category_id: 91 }, { ...good, category_id: 0 }];
    expect(await messages(unknown)).toEqual([
      "results[1].category_id 0 is not a category of this challenge (valid: 1-90 except 12, 26, 29, 30, 45, 66, 68, 69, 71, 83)",
      "results[2].category_id 91 is not a category of this challenge (valid: 1-90 except 12, 26, 29, 30, 45, 66, 68, 69, 71, 83)",
      "results[3].category_id 0 is not a category of this challenge (valid: 1-90 except 12, 26, 29, 30, 45, 66, 68, 69, 71, 83)",
    ]);
    const tally = newResultsTally();
    const file = writeTemp("unknown.json", unknown);
    await expect(parseResultsFile(file, { gt, rules: "pycocotools", tally })).resolves.toHaveLength(4);
    expect(tally.unknownCategories).toBe(3);
    expect([...tally.unknownCategoryIds]).toEqual([0, 91]);

    const odd = {
      ...good,
      segmentation: [
        [0, 0, 2, 0, 2, 2, 1],
        [0, 0, 1, 1],
      ],
    };
    const otherSize = { ...good, segmentation: { size: [2, 2], counts: [1, 2, 1] } };
    expect(await messages([odd, otherSize])).toEqual([
      "results[0].segmentation[0] has an odd count of numbers (7); polygons are x, y pairs",
      "results[1].segmentation.size is [2, 2] but image 18 is 3x4; RLE size is [height, width] of the image",
    ]);
    await expect(parseResultsFile(writeTemp("lenient.json", [odd, otherSize]), { gt, rules: "pycocotools" })).resolves.toHaveLength(2);
    // Still refused: what pycocotools cannot read either (a part without a point, runs that miss the size).
    expect(await messages([{ ...good, segmentation: [[0, 0, 2, 0, 2, 2], [5]] }], { rules: "pycocotools" })).toEqual([
      "results[0].segmentation[1] has 1 numbers; a polygon needs at least 3 points (6 numbers)",
    ]);
    expect(await messages([{ ...good, segmentation: { size: [2, 2], counts: [1, 2] } }], { rules: "pycocotools" })).toEqual([
      "results[0].segmentation.counts sums to 3 pixels but the mask has 4 (height*width)",
    ]);
  });

  it("rejects an empty array, a wrong top level and non-objects", async () => {
    expect((await problemsOf("[]")).code).toBe("empty");
    expect((await problemsOf('{"annotations": []}')).code).toBe("not_array");
    expect(await messages([good, 5, null])).toEqual([
      'results[1] is 5, not a detection object {"image_id", "category_id", "segmentation", "score"}',
      'results[2] is null, not a detection object {"image_id", "category_id", "segmentation", "score"}',
    ]);
    const text = `[${JSON.stringify(good)}, {"image_id": 18,, "score": 1}]`;
    const notJson = await problemsOf(text);
    expect(notJson.code).toBe("not_json");
    expect(notJson.message).toBe(
      `the file is not valid JSON at byte ${text.indexOf(",,") + 1}: expected a "quoted" key but unexpected ","`,
    );
  });

  it("caps the listed problems at maxProblems but counts them all", async () => {
    const dets = Array.from({ length: 30 }, (_, k) => ({ ...good, image_id: 1000 + k, category_id: 91, score: "x" }));
    const err = await problemsOf(JSON.stringify(dets));
    expect(err.total).toBe(90);
    expect(err.problems.length).toBeLessThanOrEqual(20);
  });
});

describe("parseResultsFile with a ground truth still being read", () => {
  const later = <T>(value: T, ms = 30) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
  // Enough detections for several batches, so some are parsed before the ground truth arrives.
  const many = (det: object) => JSON.stringify(Array.from({ length: 5000 }, () => det));

  it("parses meanwhile and checks every detection once the ground truth arrives, with the same messages", async () => {
    const file = writeTemp("r.json", many(good));
    expect(await parseResultsFile(file, { gt: later(gt) })).toHaveLength(5000);
    const bad = writeTemp("r.json", JSON.stringify([good, ...Array.from({ length: 5000 }, () => good), { ...good, image_id: 123 }]));
    const err = await parseResultsFile(bad, { gt: later(gt) }).catch((e: CocoValidationError) => e);
    expect(err).toBeInstanceOf(CocoValidationError);
    expect((err as CocoValidationError).problems.map((p) => p.message)).toEqual([
      "results[5001].image_id 123 is not in the test set; detect only on those images",
    ]);
  });

  it("reports a ground truth that fails before any problem of the results file", async () => {
    const broken = new Error("the ground truth is broken");
    const failing = () => later(null, 30).then(() => Promise.reject(broken));
    await expect(parseResultsFile(writeTemp("r.json", many(good)), { gt: failing() })).rejects.toBe(broken);
    await expect(parseResultsFile(writeTemp("r.json", "[1, 2,, 3]"), { gt: failing() })).rejects.toBe(broken);
  });
});

describe("validateResultsFile", () => {
  it("streams the same checks without keeping detections", async () => {
    expect(
      await validateResultsFile(
        writeTemp("r.json", [good, good, { ...good, image_id: 17, segmentation: { size: [427, 640], counts: "PlZ8" } }]),
        gt,
      ),
    ).toEqual({ detections: 3, images: 2, complete: true });
    await expect(validateResultsFile(writeTemp("r.json", [{ ...good, image_id: 5 }]), gt)).rejects.toThrow(
      "results[0].image_id 5 is not in the test set",
    );
  });
});

describe("deeply nested values (issue 11, item 9)", () => {
  it("refuses a bbox nested 100,000 levels deep with a clear error instead of overflowing the stack", async () => {
    const deep = `[{"image_id": 1, "category_id": 1, "score": 0.5, "bbox": ${"[".repeat(100_000)}${"]".repeat(100_000)}}]`;
    const e = await parseResultsFile(writeTemp("deep.json", deep)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CocoValidationError);
    expect(e).toMatchObject({ code: "not_json", message: expect.stringMatching(/nested more than 64 levels deep/) });
  });

  it("describes a wrong bbox by its first elements, whatever they hold", async () => {
    const file = writeTemp("bbox.json", [{ image_id: 1, category_id: 1, score: 0.5, bbox: [[[1]], "2", 3] }]);
    const e = await parseResultsFile(file).catch((err: unknown) => err);
    expect(e).toMatchObject({ message: expect.stringContaining('results[0].bbox is [a list, the string "2", 3]') });
  });
});
