// Issue 11 item 4: 100 polygons [0,0,0,1.9e6,1,0] (2.9 KB) took 6.6 s of worker time. The rasteriser's
// work is counted from the vertices while the file is read, and a file over its budget is refused at
// the polygon that goes over, before anything is rasterised (the web's pre-queue check included).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CocoGroundTruth } from "@/lib/eval";
import { parseResultsFile, validateResultsFile } from "@/lib/coco";
import { CocoValidationError } from "@/lib/coco/errors";
import { readResultTable } from "@/lib/coco/result-columns";
import { POLYGON_WORK_BUDGET } from "@/lib/coco/results";
import { polygonBoundarySteps, rleFromPolygon } from "@/lib/eval/mask";
import { errorReport } from "@/lib/errors";
import { writeTemp } from "../coco/temp-files";

const gt: CocoGroundTruth = {
  images: [{ id: 1, width: 640, height: 480 }],
  categories: [{ id: 1, name: "thing" }],
  annotations: [],
};

const SPIKE = [0, 0, 0, 1.9e6, 1, 0];
/** Its walk: 5 fine steps + 1 back to the start, and 9.5e6 + 1 down and back up. */
const SPIKE_STEPS = 6 + 2 * (9_500_000 + 1);
const bomb = Array.from({ length: 100 }, () => ({ image_id: 1, category_id: 1, score: 0.9, segmentation: [SPIKE] }));

async function refusal(run: () => Promise<unknown>): Promise<CocoValidationError> {
  const e = await run().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CocoValidationError);
  return e as CocoValidationError;
}

describe("the polygon work budget", () => {
  it("counts exactly the steps the rasteriser walks", () => {
    expect(polygonBoundarySteps(SPIKE)).toBe(SPIKE_STEPS);
    // The rasteriser's own per-polygon guard reports its count: the same number.
    expect(() => rleFromPolygon([0, 0, 0, 2.1e6, 1, 0], 480, 640)).toThrow(`(${6 + 2 * (10_500_000 + 1)} boundary steps`);
    expect(polygonBoundarySteps([10, 10, 20, 10, 20, 20])).toBe(51 + 51 + 51);
  });

  it("refuses the 100-spike file at its second polygon, before rasterising, with what to do", async () => {
    const file = writeTemp("spikes.json", JSON.stringify(bomb));
    expect(JSON.stringify(bomb).length).toBeLessThan(10_000); // a few KB
    const e = await refusal(() => parseResultsFile(file, { gt, rules: "challenge" }));
    const allowed = POLYGON_WORK_BUDGET.floorSteps + 2 * POLYGON_WORK_BUDGET.stepsPerImageSide * (640 + 480);
    expect(e.code).toBe("work_budget");
    expect(e.status).toBe(422);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].path).toBe("results[1].segmentation[0]");
    const message = e.problems[0].message;
    expect(message).toContain(`would take ${(2 * SPIKE_STEPS).toLocaleString("en-US")} rasterisation steps`);
    expect(message).toContain(`work budget of ${allowed.toLocaleString("en-US")}`);
    expect(message).toContain("640x480-pixel image");
    expect(message).toContain("reaches 1,899,520 pixels outside its image");
    expect(message).toMatch(/Clip polygons to the image/);
    // Through the one error table: the user's fault, 422.
    expect(errorReport(e)).toMatchObject({ status: 422, code: "work_budget", fault: "user" });
  });

  it("is refused by the web's pre-queue check and by the worker's column reader alike", async () => {
    const file = writeTemp("spikes.json", JSON.stringify(bomb));
    const preQueue = await refusal(() => validateResultsFile(file, gt, { budgetBytes: 1 << 20 }));
    expect(preQueue).toMatchObject({ code: "work_budget", problems: [{ path: "results[1].segmentation[0]" }] });
    const spillDir = mkdtempSync(path.join(tmpdir(), "budget-spill-"));
    const worker = await refusal(() => readResultTable(file, { gt, spillDir, rules: "challenge" }));
    expect(worker).toMatchObject({ code: "work_budget", problems: [{ path: "results[1].segmentation[0]" }] });
  });

  it("leaves pycocotools rules (the eval CLI's default) exact: no budget", async () => {
    const file = writeTemp("spikes.json", JSON.stringify(bomb));
    expect(await parseResultsFile(file, { gt, rules: "pycocotools" })).toHaveLength(100);
  });

  it("accepts a normal polygon file unchanged, and a single large polygon within the floor", async () => {
    const normal = Array.from({ length: 300 }, (_, k) => ({
      image_id: 1,
      category_id: 1,
      score: k / 300,
      segmentation: [[k, k / 2, k + 300, k / 2, k + 300, 479, k, 479, k + 20.5, 200]],
    }));
    const file = writeTemp("normal.json", JSON.stringify(normal));
    const counted = await parseResultsFile(file, { gt, rules: "challenge" });
    const uncounted = await parseResultsFile(file, { gt, rules: "challenge", polygonWorkBudget: null });
    expect(counted).toEqual(uncounted);
    expect(counted).toHaveLength(300);
    // One spike alone fits under the floor: a file is never refused for one polygon the rasteriser takes.
    const one = writeTemp("one-spike.json", JSON.stringify(bomb.slice(0, 1)));
    expect(await parseResultsFile(one, { gt, rules: "challenge" })).toHaveLength(1);
  });
});
