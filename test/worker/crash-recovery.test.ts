import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, insertSubmission } from "../helpers/submission-fixtures";
import { writeLargeCase } from "./large-case";
import { deletePrefixKeys, waitForSubmission } from "./wait";

vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_crash`;
});
// Other test files' submissions share the database: this worker must not reconcile them into its queue.
const WORKER_ENV = { WATCHDOG_INTERVAL_MS: "0" };

const workers: RunningWorker[] = [];

afterAll(async () => {
  for (const w of workers) await w.stop("SIGKILL");
  await getEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

describe("a worker killed with SIGKILL mid-evaluation", () => {
  let submissionId: string;

  beforeAll(async () => {
    const large = await writeLargeCase(800);
    const phase = await createScoredPhase({}, large.gtPath);
    submissionId = await insertSubmission(phase, large.resultsPath);
  }, 120_000);

  it("is picked up again by stalled-job detection and finishes with exactly one Score per split", async () => {
    const first = await startWorker(WORKER_ENV);
    workers.push(first);
    await enqueueEvaluation(submissionId);
    await waitForSubmission(submissionId, (s) => s.status === "RUNNING" && s.progress > 0, 60_000);
    await first.stop("SIGKILL");

    const killed = await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } });
    expect(killed.status, "the evaluation must still have been running when the worker died").toBe("RUNNING");
    expect(await prisma.score.count({ where: { submissionId } })).toBe(0);

    const second = await startWorker(WORKER_ENV);
    workers.push(second);
    // BullMQ declares the job stalled once its lock (30 s) has expired, at its next stalled check.
    const done = await waitForSubmission(submissionId, (s) => s.status === "FINISHED" || s.status === "FAILED", 150_000);
    expect(done.status, second.output()).toBe("FINISHED");
    expect(done.attempts).toBe(2);
    const scores = await prisma.score.findMany({ where: { submissionId } });
    expect(scores.map((s) => s.split).sort()).toEqual(["PRIVATE", "PUBLIC"]);
  }, 240_000);
});
