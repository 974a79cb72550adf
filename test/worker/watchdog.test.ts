import { afterAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { enqueueEvaluation, evaluationJobState } from "@/lib/submissions/enqueue";
import { reconcileSubmissions } from "@/worker/watchdog";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, insertSubmission } from "../helpers/submission-fixtures";
import { deletePrefixKeys, waitForSubmission } from "./wait";

// Flushing Redis under a submission is only safe on a prefix no other test file uses.
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_watchdog`;
});
// Other test files' submissions share the database: this worker must not reconcile them into its queue.
const WORKER_ENV = { WATCHDOG_INTERVAL_MS: "0" };
const prefix = process.env.BULLMQ_PREFIX!;
let worker: RunningWorker | undefined;

afterAll(async () => {
  await worker?.stop();
  await getEvaluationsQueue().close();
  await deletePrefixKeys(prefix);
  await prisma.$disconnect();
});

describe("watchdog", () => {
  it("re-queues a started submission whose job is gone at once, without counting an attempt", async () => {
    const phase = await createScoredPhase();
    // Runs before any worker of this file starts. A worker claimed it (attempts 1), then Redis lost the job: no web request is still handling it.
    const id = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    await prisma.submission.update({ where: { id }, data: { attempts: 1 } });
    const report = await reconcileSubmissions({ graceMs: 60_000, phaseId: phase.phaseId });
    expect(report.requeued).toEqual([id]);
    expect(await evaluationJobState(id)).toBe("prioritized");
    expect(await prisma.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "QUEUED", attempts: 1 });
  });

  it("re-enqueues a QUEUED submission whose job vanished when Redis was flushed, and it then finishes", async () => {
    const phase = await createScoredPhase();
    const id = await insertSubmission(phase, FIXTURE_DT);
    await enqueueEvaluation(id);
    expect(await evaluationJobState(id)).toBe("prioritized"); // every evaluation job has a priority (lib/scheduling)

    expect(await deletePrefixKeys(prefix)).toBeGreaterThan(0);
    expect(await evaluationJobState(id)).toBeNull();

    const young = await reconcileSubmissions({ graceMs: 60_000, phaseId: phase.phaseId });
    expect(young.requeued).not.toContain(id); // still within the upload's grace period
    const report = await reconcileSubmissions({ graceMs: 0, phaseId: phase.phaseId });
    expect(report.requeued).toContain(id);
    expect(await evaluationJobState(id)).toBe("prioritized"); // every evaluation job has a priority (lib/scheduling)

    worker = await startWorker(WORKER_ENV);
    const done = await waitForSubmission(id, (s) => s.status === "FINISHED" || s.status === "FAILED", 60_000);
    expect(done.status, worker.output()).toBe("FINISHED");
    expect(done.attempts).toBe(1); // one real run: the watchdog's re-queue is not an attempt
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(2);
  }, 120_000);

  it("fails a submission lost too many times, with a reason", async () => {
    const phase = await createScoredPhase();
    const lost = await insertSubmission(phase, FIXTURE_DT);
    await prisma.submission.update({ where: { id: lost }, data: { status: "RUNNING", attempts: 5 } });
    const report = await reconcileSubmissions({ graceMs: 0, maxAttempts: 5, phaseId: phase.phaseId });
    expect(report.failed).toContain(lost);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: lost } });
    expect(row).toMatchObject({ status: "FAILED", errorCode: "evaluation_lost", countsTowardQuota: false });
    expect(row.errorMessage).toMatch(/started 5 times and interrupted/);
  });
});
