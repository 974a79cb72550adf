// LVIS AP and LVIS Fixed AP phases scored by what the worker runs (scoreSubmission, real Postgres):
// the stored columns, Score.metrics and every ClassScore row equal lvis-api's numbers on the kit's
// cases; uploads to such phases are accepted; mIoU, when the protocol asks for it, is stored beside.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { evaluateMiouSplits, type CocoGroundTruth, type CocoResult } from "@/lib/eval";
import { readJson } from "../../eval/fixture-cases";
import { createSubmission } from "@/lib/submissions/create-submission";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { createProtocolPhase, createScoredPhase, insertSubmission } from "../../helpers/submission-fixtures";
import { expectClose, listCases } from "../../eval/metrics/kit";

type Block = {
  results: Record<string, number>;
  per_category: Record<string, Record<"AP" | "AP50" | "AP75" | "APs" | "APm" | "APl" | "AR" | "ARs" | "ARm" | "ARl", number>>;
};
type Expected = { segm: Block; challenge2021: Block };

const kase = listCases<Expected>("lvis").find((c) => c.name === "lvis_federated")!;

afterAll(async () => {
  await getEvaluationsQueue().close();
});

async function lvisPhase(evaluation: Record<string, unknown>) {
  const phase = await createProtocolPhase(evaluation, kase.gtPath);
  return { phase };
}

async function scored(phaseId: string) {
  const id = await insertSubmission({ phaseId, teamId: null }, kase.dtPath, "RUNNING");
  await scoreSubmission(id);
  const s = await prisma.submission.findUniqueOrThrow({
    where: { id },
    include: { scores: true, classScores: { include: { category: true } } },
  });
  expect(s.status, s.errorMessage ?? "").toBe("FINISHED");
  return { score: s.scores.find((x) => x.split === "PUBLIC")!, classes: s.classScores.filter((c) => c.split === "PUBLIC") };
}

function expectBlock(score: Awaited<ReturnType<typeof scored>>, want: Block, limit: string) {
  const { score: row, classes } = score;
  const r = want.results;
  const columns: [number | null, number, string][] = [
    [row.ap, r.AP, "AP"],
    [row.ap50, r.AP50, "AP50"],
    [row.ap75, r.AP75, "AP75"],
    [row.apSmall, r.APs, "APs"],
    [row.apMedium, r.APm, "APm"],
    [row.apLarge, r.APl, "APl"],
    [row.apRare, r.APr, "APr"],
    [row.apCommon, r.APc, "APc"],
    [row.apFrequent, r.APf, "APf"],
    [row.ar1, r[`AR@${limit}`], "AR"],
    [row.arSmall, r[`ARs@${limit}`], "ARs"],
    [row.arMedium, r[`ARm@${limit}`], "ARm"],
    [row.arLarge, r[`ARl@${limit}`], "ARl"],
  ];
  for (const [mine, theirs, name] of columns) expectClose(mine!, theirs, name);
  expect([row.ar10, row.ar100]).toEqual([-1, -1]);
  const metrics = row.metrics as { lvis: Record<string, number>; perClass: { categoryId: number; frequency: string }[] };
  expect(Object.keys(metrics.lvis).sort()).toEqual(Object.keys(r).sort()); // jsonb keeps no key order
  for (const [key, value] of Object.entries(r)) expectClose(metrics.lvis[key], value, `metrics.lvis.${key}`);
  const gt = readJson<{ categories: { id: number; frequency: string }[] }>(kase.gtPath);
  expect(classes).toHaveLength(gt.categories.length);
  for (const c of classes) {
    const theirs = want.per_category[String(c.category.cocoId)];
    const pairs: [number, keyof Block["per_category"][string]][] = [
      [c.ap, "AP"],
      [c.ap50, "AP50"],
      [c.ap75, "AP75"],
      [c.apSmall, "APs"],
      [c.apMedium, "APm"],
      [c.apLarge, "APl"],
      [c.ar1, "AR"],
      [c.arSmall, "ARs"],
      [c.arMedium, "ARm"],
      [c.arLarge, "ARl"],
    ];
    for (const [mine, key] of pairs) expectClose(mine, theirs ? theirs[key] : -1, `class ${c.category.cocoId} ${key}`);
    expect(c.category.frequency).toBe(gt.categories.find((g) => g.id === c.category.cocoId)!.frequency);
  }
}

describe("an LVIS AP phase", () => {
  it("accepts uploads and queues them (they were refused with 409 metric_family_not_scored)", async () => {
    const phase = await createScoredPhase({ maxSubmissionsPerDay: 10, maxSubmissionsTotal: 10, maxConcurrent: 10 }, kase.gtPath);
    await prisma.evalConfig.create({
      data: {
        phaseId: phase.phaseId,
        version: 1,
        metric: "LVIS",
        iouType: "SEGM",
        iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
        areaRanges: [{ name: "all", range: [0, 1e10] }],
        maxDets: [300],
      },
    });
    const form = new FormData();
    form.append("file", new Blob([readFileSync(kase.dtPath)]), "results.json");
    const created = await createSubmission(
      phase.member.viewer,
      { challengeSlug: phase.challengeSlug, phaseSlug: phase.phaseSlug },
      new Request("http://localhost/upload", { method: "POST", body: form }),
    );
    expect(created).toMatchObject({ status: "QUEUED", error: null });
    await prisma.submission.update({ where: { id: created.id }, data: { status: "CANCELLED" } });
  });

  it("stores lvis-api's results, APr/APc/APf and every class (with its frequency) within 1e-12", async () => {
    const { phase } = await lvisPhase({ metric: "lvis" });
    const score = await scored(phase.id);
    expectBlock(score, kase.expected.segm, "300");
    expectClose(score.score.primary, kase.expected.segm.results.AP, "primary (AP)");
    expect(score.score.miou).toBeNull();
  });

  it("ranks by APr when the protocol says so", async () => {
    const { phase } = await lvisPhase({ metric: "lvis", primaryMetric: "APr" });
    const { score } = await scored(phase.id);
    expectClose(score.primary, kase.expected.segm.results.APr, "primary (APr)");
  });
});

describe("an LVIS Fixed AP phase", () => {
  it("stores the challenge2021 numbers (boundary IoU, 10,000 per class), AR@10000/cat as AR", async () => {
    const { phase } = await lvisPhase({ metric: "lvis-fixed", primaryMetric: "AR" });
    const score = await scored(phase.id);
    expectBlock(score, kase.expected.challenge2021, "10000/cat");
    expectClose(score.score.primary, kase.expected.challenge2021.results["AR@10000/cat"], "primary (AR)");
  });
});

describe("mIoU as a secondary column", () => {
  it("is computed in the same run and stored with each class's IoU", async () => {
    const { phase } = await lvisPhase({ metric: "lvis", miou: { scoreThreshold: 0.3 } });
    const score = await scored(phase.id);
    expectBlock(score, kase.expected.segm, "300");
    const gt = readJson<CocoGroundTruth>(kase.gtPath);
    const want = evaluateMiouSplits(gt, readJson<CocoResult[]>(kase.dtPath), { all: gt.images.map((i) => i.id) }, 0.3).all;
    expect(want.mIoU).toBeGreaterThan(0);
    expect(score.score.miou).toBe(want.mIoU);
    for (const c of score.classes) expect(c.iou).toBe(want.perClass.find((p) => p.categoryId === c.category.cocoId)!.iou);
    expect((score.score.metrics as { miou: { mIoU: number } }).miou.mIoU).toBe(want.mIoU);
  });
});
