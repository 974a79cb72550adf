// LVIS-format ground truth: what LVIS AP reads beyond COCO (category frequency, the federated lists
// per image), checked at upload for an LVIS phase and recorded in the summary for every upload.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGroundTruthFile } from "@/lib/coco";
import { CocoValidationError } from "@/lib/coco/errors";
import { writeTemp } from "./temp-files";

const LVIS_BASIC = "test/fixtures/reference/metrics/lvis/lvis_basic/gt.json";
const REAL_LVIS = "test/fixtures/reference/metrics/lvis/real_lvis_val_100/gt.json";
const COCO_VAL = "test/fixtures/data/cocoapi_val2014_100/instances_val2014_100.json";

type Doc = { images: Record<string, unknown>[]; categories: Record<string, unknown>[] };
const lvisDoc = (): Doc => JSON.parse(readFileSync(LVIS_BASIC, "utf8")) as Doc;

async function lvisProblems(doc: unknown) {
  const err = await parseGroundTruthFile(writeTemp("gt.json", doc), { lvis: true }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CocoValidationError);
  return err as CocoValidationError;
}

describe("LVIS-format ground truth", () => {
  it("the kit's LVIS files and the real LVIS subset pass, with their frequency groups in the summary", async () => {
    const basic = await parseGroundTruthFile(LVIS_BASIC, { lvis: true });
    const groups = { r: 0, c: 0, f: 0 };
    for (const c of basic.gt.categories as unknown as { frequency: "r" | "c" | "f" }[]) groups[c.frequency]++;
    expect(basic.summary.lvisFormat).toEqual({ valid: true, frequencies: groups });
    const real = await parseGroundTruthFile(REAL_LVIS, { lvis: true });
    expect(real.summary.lvisFormat).toMatchObject({ valid: true });
    const f = (real.summary.lvisFormat as { frequencies: { r: number; c: number; f: number } }).frequencies;
    expect(f.r + f.c + f.f).toBe(1230);
  });

  it("names each missing or wrong field: where, what, how to fix", async () => {
    const doc = lvisDoc();
    delete doc.categories[1].frequency;
    doc.categories[2].frequency = "rare";
    delete doc.images[0].neg_category_ids;
    doc.images[1].not_exhaustive_category_ids = "3";
    doc.images[2].neg_category_ids = [1, "2"];
    const err = await lvisProblems(doc);
    expect(err.code).toBe("invalid_ground_truth");
    expect(err.problems).toEqual([
      {
        path: "categories[1].frequency",
        message: `categories[1].frequency (category id ${String(doc.categories[1].id)}) is missing; LVIS needs "r" (rare: < 10 training images), "c" (common: 10-99) or "f" (frequent: >= 100) on every category`,
      },
      {
        path: "categories[2].frequency",
        message: expect.stringMatching(/^categories\[2\]\.frequency \(category id \d+\) is the string "rare"; LVIS needs/),
      },
      {
        path: "images[0].neg_category_ids",
        message: `images[0].neg_category_ids (image id ${String(doc.images[0].id)}) is missing; LVIS lists per image the categories verified absent from the image ([] if none)`,
      },
      {
        path: "images[1].not_exhaustive_category_ids",
        message: expect.stringMatching(/is the string "3"; LVIS lists per image the categories whose instances are not all annotated/),
      },
      {
        path: "images[2].neg_category_ids[1]",
        message: expect.stringMatching(/is the string "2"; the list holds category ids \(numbers\)$/),
      },
    ]);
  });

  it("a COCO file passes when the phase is not LVIS, and its summary says why it is not LVIS-format", async () => {
    const { summary } = await parseGroundTruthFile(COCO_VAL);
    expect(summary.lvisFormat).toMatchObject({ valid: false, problems: expect.any(Number) });
    const format = summary.lvisFormat as { problems: number; firstProblems: { path: string }[] };
    expect(format.problems).toBeGreaterThan(100);
    expect(format.firstProblems.map((p) => p.path)).toEqual([
      "categories[0].frequency",
      "categories[1].frequency",
      "categories[2].frequency",
    ]);
    const err = await lvisProblems(JSON.parse(readFileSync(COCO_VAL, "utf8")));
    expect(err.message).toMatch(/^The ground truth has \d+ problem\(s\):/);
  });

  it("boundary IoU needs a segmentation on every annotation, as segm", async () => {
    const doc = lvisDoc() as Doc & { annotations: Record<string, unknown>[] };
    delete doc.annotations[0].segmentation;
    await expect(parseGroundTruthFile(writeTemp("gt.json", doc), { iouType: "boundary" })).rejects.toThrow(/has no segmentation/);
    await expect(parseGroundTruthFile(writeTemp("gt.json", doc), { iouType: "bbox" })).resolves.toBeTruthy();
  });
});
