// Every metric family end to end through the real worker process: a queued submission is scored by
// the worker and the stored numbers equal the reference's on the kit's case (boundary-iou-api for
// Boundary AP, lvis-api for LVIS AP and LVIS Fixed AP) or the evaluator's (COCO bbox, mIoU).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queue: workers of other test files must not take its jobs (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_families`;
});
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { defaultParams, evaluate, evaluateMiou, type CocoGroundTruth, type CocoResult } from "@/lib/eval";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { readJson } from "../eval/fixture-cases";
import { expectClose, listCases } from "../eval/metrics/kit";
import { createProtocolPhase, insertSubmission } from "../helpers/submission-fixtures";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { deletePrefixKeys, waitForSubmission } from "./wait";

type Expected = Record<"segm" | "challenge2021", { results: Record<string, number> }>;
const kase = listCases<Expected>("lvis").find((c) => c.name === "lvis_federated")!;
type BoundaryExpected = { boundary: { stats: number[] } };
const boundaryCase = listCases<BoundaryExpected>("boundary").find((c) => c.name === "basic_polygons")!;
let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0" });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await getEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

async function scoredByWorker(evaluation: Record<string, unknown>, files: { gtPath: string; dtPath: string } = kase) {
  const phase = await createProtocolPhase(evaluation, files.gtPath);
  const id = await insertSubmission({ phaseId: phase.id, teamId: null }, files.dtPath);
  await enqueueEvaluation(id);
  const done = await waitForSubmission(id, (s) => s.status !== "QUEUED" && s.status !== "RUNNING", 120_000);
  expect(done.status, `${done.errorMessage ?? ""}\n${worker.output()}`).toBe("FINISHED");
  return prisma.score.findUniqueOrThrow({ where: { submissionId_split: { submissionId: id, split: "PUBLIC" } } });
}

describe("the worker scores each metric family", () => {
  it("Boundary AP: boundary-iou-api's twelve numbers within 1e-12", async () => {
    const score = await scoredByWorker({ iouType: "boundary" }, boundaryCase);
    const stats = (score.metrics as { stats: number[] }).stats;
    boundaryCase.expected.boundary.stats.forEach((v, i) => expectClose(stats[i], v, `stats[${i}]`));
    expectClose(score.primary, boundaryCase.expected.boundary.stats[0], "primary");
  });

  it("COCO AP on boxes, from mask-only results (boxes derived from the masks): the evaluator's numbers", async () => {
    const score = await scoredByWorker({ iouType: "bbox" }, boundaryCase);
    const want = evaluate(
      readJson<CocoGroundTruth>(boundaryCase.gtPath),
      readJson<CocoResult[]>(boundaryCase.dtPath),
      defaultParams("bbox"),
    );
    expect((score.metrics as { stats: number[] }).stats).toEqual(want.stats);
    expect(score.primary).toBe(want.stats[0]);
  });

  it("LVIS AP: lvis-api's AP, APr, APc, APf and AR@300 within 1e-12", async () => {
    const score = await scoredByWorker({ metric: "lvis" });
    const r = kase.expected.segm.results;
    for (const [mine, key] of [
      [score.ap, "AP"],
      [score.apRare, "APr"],
      [score.apCommon, "APc"],
      [score.apFrequent, "APf"],
      [score.ar1, "AR@300"],
      [score.primary, "AP"],
    ] as const)
      expectClose(mine!, r[key], key);
  });

  it("LVIS Fixed AP with the mIoU column: challenge2021's numbers, and mIoU as evaluateMiou computes it", async () => {
    const score = await scoredByWorker({ metric: "lvis-fixed", miou: { scoreThreshold: 0.5 } });
    const r = kase.expected.challenge2021.results;
    for (const [mine, key] of [
      [score.ap, "AP"],
      [score.apRare, "APr"],
      [score.apCommon, "APc"],
      [score.apFrequent, "APf"],
      [score.ar1, "AR@10000/cat"],
    ] as const)
      expectClose(mine!, r[key], key);
    const want = evaluateMiou(readJson<CocoGroundTruth>(kase.gtPath), readJson<CocoResult[]>(kase.dtPath), 0.5);
    expect(score.miou).toBe(want.mIoU);
  });
});
