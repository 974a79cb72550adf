// The two summarize rules (lib/eval/README.md "Two summarize rules"): pycocotools' COCOeval.summarize
// to the letter, and Maskboard's (the largest maxDets, thresholds within 1e-12) of every platform protocol.
import { describe, expect, it } from "vitest";
import { defaultParams, evaluate, type EvalParams } from "@/lib/eval";
import { listFixtureCases, loadCase } from "./fixture-cases";

const c = listFixtureCases().find((f) => f.name === "many_dets")!; // > 100 detections per image
const { gt, dt } = loadCase(c);
const params = (over: Partial<EvalParams>): EvalParams => ({ ...defaultParams("segm"), ...over });
const stats = (p: EvalParams, rule: "largest" | "pycocotools") => evaluate(gt, dt, p, { summaryRule: rule }).stats;

describe("summarize rules", () => {
  it("agree on COCO's protocol, equal to the kit", () => {
    expect(stats(params({}), "pycocotools")).toEqual(stats(params({}), "largest"));
    expect(stats(params({}), "pycocotools")).toEqual(
      c.runs.find((r) => r.key === "segm")!.expected.stats.map((v) => expect.closeTo(v, 12)),
    );
  });

  it("pycocotools reads AP at maxDets == 100 and the rest at maxDets[2]; largest reads the largest", () => {
    const coco = stats(params({}), "largest");
    // [1, 10, 100, 300]: pycocotools' numbers are those of [1, 10, 100]; Maskboard's AP reads 300.
    const extended = params({ maxDets: [1, 10, 100, 300] });
    expect(stats(extended, "pycocotools")).toEqual(coco);
    expect(stats(extended, "largest")[0]).not.toBe(coco[0]);
    // [1, 10, 50]: no 100, so AP is -1; AP50 and the area metrics read 50, as the largest rule does.
    const fifty = params({ maxDets: [1, 10, 50] });
    const [py, largest] = [stats(fifty, "pycocotools"), stats(fifty, "largest")];
    expect(py[0]).toBe(-1);
    expect(largest[0]).toBeGreaterThan(0);
    expect(py.slice(1)).toEqual(largest.slice(1));
    // A value listed twice is read at both positions (numpy index lists): the mean of equal columns.
    expect(stats(params({ maxDets: [1, 100, 100] }), "pycocotools")[0]).toBeCloseTo(coco[0], 12);
  });

  it("pycocotools finds 0.5 and 0.75 by exact equality; largest within 1e-12", () => {
    const nearly = params({ iouThresholds: [0.5000000000001, 0.75] });
    const exact = params({ iouThresholds: [0.5, 0.75] });
    expect(stats(nearly, "pycocotools")[1]).toBe(-1);
    expect(stats(nearly, "largest")[1]).toBe(stats(exact, "largest")[1]);
    expect(stats(nearly, "pycocotools")[2]).toBe(stats(exact, "pycocotools")[2]);
  });
});
