// A Boundary AP phase (protocol iouType boundary) scored by what the worker runs (scoreSubmission,
// real Postgres): the stored stats and per-class numbers equal boundary-iou-api's on the kit's case.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { defaultParams, evaluate, type CocoGroundTruth, type CocoResult, type EvalResult } from "@/lib/eval";
import { readJson } from "../../eval/fixture-cases";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { createProtocolPhase, insertSubmission } from "../../helpers/submission-fixtures";
import { expectClose, listCases } from "../../eval/metrics/kit";

type Expected = { boundary: { stats: number[]; per_category: Record<string, { AP: number; AR100: number }> } };

describe("a Boundary AP phase", () => {
  const kase = listCases<Expected>("boundary").find((c) => c.name === "basic_polygons")!;

  async function boundaryPhase(dilationRatio: number) {
    return createProtocolPhase({ iouType: "boundary", dilationRatio }, kase.gtPath);
  }

  async function scored(phaseId: string) {
    const id = await insertSubmission({ phaseId, teamId: null }, kase.dtPath, "RUNNING");
    await scoreSubmission(id);
    const s = await prisma.submission.findUniqueOrThrow({ where: { id }, include: { scores: true } });
    expect(s.status, s.errorMessage ?? "").toBe("FINISHED");
    const score = s.scores.find((x) => x.split === "PUBLIC")!;
    return { score, metrics: score.metrics as unknown as { iouType: string; stats: number[]; perClass: EvalResult["perClass"] } };
  }

  it("scores a submission with boundary-iou-api's numbers, every stat and class within 1e-12", async () => {
    const phase = await boundaryPhase(0.02);
    const { score, metrics } = await scored(phase.id);
    expect(metrics.iouType).toBe("boundary");
    kase.expected.boundary.stats.forEach((v, i) => expectClose(metrics.stats[i], v, `stats[${i}]`));
    expectClose(score.primary, kase.expected.boundary.stats[0], "primary");
    for (const c of metrics.perClass) {
      const theirs = kase.expected.boundary.per_category[String(c.categoryId)];
      expectClose(c.ap, theirs ? theirs.AP : -1, `class ${c.categoryId} AP`);
      expectClose(c.ar100, theirs ? theirs.AR100 : -1, `class ${c.categoryId} AR100`);
    }
  });

  it("scores with the phase's own dilation ratio (the ground truth is prepared for it)", async () => {
    const phase = await boundaryPhase(0.1);
    const { metrics } = await scored(phase.id);
    const want = evaluate(readJson<CocoGroundTruth>(kase.gtPath), readJson<CocoResult[]>(kase.dtPath), {
      ...defaultParams("boundary"),
      dilationRatio: 0.1,
    });
    expect(want.stats).not.toEqual(kase.expected.boundary.stats);
    expect(metrics.stats).toEqual(want.stats);
  });
});
