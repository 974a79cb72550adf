import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queue: workers of other test files must not take its jobs (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_jobs`;
});
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { getObjectStore } from "@/lib/object-store";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";
import { deletePrefixKeys, uniqueCopy, waitForSubmission } from "./wait";

// Other test files' submissions share the database: this worker must not reconcile them into its queue.
const WORKER_ENV = { WATCHDOG_INTERVAL_MS: "0" };

let phase: ScoredPhase;
let worker: RunningWorker;

beforeAll(async () => {
  phase = await createScoredPhase();
  worker = await startWorker(WORKER_ENV);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await getEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

describe("the worker process", () => {
  it("evaluates a queued submission off the main thread and stores one Score per split", async () => {
    const id = await insertSubmission(phase, FIXTURE_DT);
    await enqueueEvaluation(id);
    const done = await waitForSubmission(id, (s) => s.status !== "QUEUED" && s.status !== "RUNNING", 60_000);
    expect(done.status, worker.output()).toBe("FINISHED");
    expect(done.attempts, worker.output()).toBe(1);
    expect(done.progress).toBe(1);
    expect((await prisma.score.findMany({ where: { submissionId: id } })).map((s) => s.split).sort()).toEqual(["PRIVATE", "PUBLIC"]);
  });

  it("fails a bad file at once, without retries, with the validator's message", async () => {
    const id = await insertSubmission(phase, `${FIXTURE_DT.replace("dt.json", "gt.json")}`);
    await enqueueEvaluation(id);
    const done = await waitForSubmission(id, (s) => s.status === "FAILED" || s.status === "FINISHED", 60_000);
    expect(done.status).toBe("FAILED");
    expect(done.errorCode).toBe("not_array");
    expect(done.countsTowardQuota).toBe(false);
    expect(done.attempts).toBe(1);
  });

  it("retries an infrastructure error with backoff, then fails with a message after 3 attempts", async () => {
    // Storage is content-addressed: give this file unique content so deleting it breaks no other row.
    const unique = await uniqueCopy(FIXTURE_DT);
    const id = await insertSubmission(phase, unique);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id } });
    await getObjectStore().delete(row.storageKey);
    await enqueueEvaluation(id);
    const done = await waitForSubmission(id, (s) => s.status === "FAILED" || s.status === "FINISHED", 60_000);
    expect(done.status).toBe("FAILED");
    expect(done.errorCode).toBe("evaluation_error");
    expect(done.errorMessage).toMatch(/failed 3 time/);
    expect(done.attempts).toBe(3);
  });

  it("stops an evaluation that exceeds EVAL_JOB_TIMEOUT_MS and fails it without retry", async () => {
    await worker.stop();
    worker = await startWorker({ ...WORKER_ENV, EVAL_JOB_TIMEOUT_MS: "1" });
    const id = await insertSubmission(phase, FIXTURE_DT);
    await enqueueEvaluation(id);
    const done = await waitForSubmission(id, (s) => s.status === "FAILED" || s.status === "FINISHED", 60_000);
    expect(done).toMatchObject({ status: "FAILED", errorCode: "timeout", attempts: 1 });
    expect(done.errorMessage).toMatch(/longer than the limit/);
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(0);
  }, 90_000);
});
