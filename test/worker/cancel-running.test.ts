// Issue 16 item 8 / issue 17: a submission cancelled while its evaluation computes stops within a
// second. The evaluation thread is held by WORKER_TEST_HOLD_DIR inside the thread, blocking its event
// loop as a long computation does (no progress report, no message): it cannot finish, or notice the
// cancel, by itself. The cancel reaches the job as BullMQ's AbortSignal (worker/main.ts), and the
// thread is terminated.
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { cancelSubmission } from "@/lib/submissions/cancel";
import { enqueueEvaluation, evaluationJobState } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { FIXTURE_DT, createScoredPhase, insertSubmission } from "../helpers/submission-fixtures";
import { deletePrefixKeys, waitForFile } from "./wait";

vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_cancel`;
});
const STARTUP_MS = 120_000; // tsx compiles the worker at start: slow on a loaded 2-core machine

let worker: RunningWorker | null = null;

afterAll(async () => {
  await worker?.stop("SIGKILL");
  await getEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

/** Resolves once the worker's output matches (its log is the only witness of the terminated thread). */
async function waitForOutput(w: RunningWorker, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(w.output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the worker's output after ${timeoutMs} ms:\n${w.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("cancelling a RUNNING submission", () => {
  it("terminates its evaluation thread mid-computation: no scores, the job ends", async () => {
    const phase = await createScoredPhase();
    const id = await insertSubmission(phase, FIXTURE_DT);
    const holdDir = await mkdtemp(path.join(tmpdir(), "mb-hold-"));
    worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0", WORKER_TEST_HOLD_DIR: holdDir }, STARTUP_MS);
    await enqueueEvaluation(id);
    // The job claims the submission and holds; released, it hands the scoring to a thread, which holds.
    await waitForFile(path.join(holdDir, `${id}.held`), 60_000);
    await writeFile(path.join(holdDir, `${id}.thread.hold`), ""); // the thread holds too (opt-in)
    await writeFile(path.join(holdDir, `${id}.release`), "");
    await waitForFile(path.join(holdDir, `${id}.thread.held`), 60_000);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id } })).status).toBe("RUNNING");

    await cancelSubmission(id, { actorId: null, reason: "test" });
    await waitForOutput(worker, new RegExp(`submission ${id}: cancelled; its evaluation thread was terminated`), 30_000);
    // The thread was never released: it stopped only because it was terminated.
    expect(existsSync(path.join(holdDir, `${id}.thread.release`))).toBe(false);
    // The job then completes without scores and is removed (removeOnComplete); a job removed between
    // the lookup and getState() reads "unknown" once, so wait for it to be gone.
    let job = await evaluationJobState(id);
    for (const deadline = Date.now() + 10_000; job !== null && Date.now() < deadline; job = await evaluationJobState(id))
      await new Promise((r) => setTimeout(r, 50));
    expect(job, worker.output()).toBeNull();
    const row = await prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CANCELLED");
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(0);
  }, 300_000);
});
