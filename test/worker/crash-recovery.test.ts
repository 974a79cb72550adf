import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { enqueueEvaluation, evaluationJobState } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { FIXTURE_DT, createScoredPhase, insertSubmission } from "../helpers/submission-fixtures";
import { deletePrefixKeys, waitForFile, waitForSubmission } from "./wait";

vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_crash`;
});
// A short job lock and stalled check (WORKER_LOCK_DURATION_MS, WORKER_STALLED_INTERVAL_MS): with
// BullMQ's defaults (30 s each) the job is taken up again only 30-60 s after the kill, and this test's
// 20 s wait fails. The watchdog is off: other test files' submissions share the database.
const WORKER_ENV = { WATCHDOG_INTERVAL_MS: "0", WORKER_LOCK_DURATION_MS: "3000", WORKER_STALLED_INTERVAL_MS: "1000" };
const STARTUP_MS = 120_000; // tsx compiles the worker at start: slow on a loaded 2-core machine

const workers: RunningWorker[] = [];

afterAll(async () => {
  for (const w of workers) await w.stop("SIGKILL");
  await getEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

describe("a worker killed with SIGKILL while its job is RUNNING", () => {
  it("is picked up again by stalled-job detection and finishes with exactly one Score per split", async () => {
    const phase = await createScoredPhase();
    const id = await insertSubmission(phase, FIXTURE_DT);
    // Whichever worker claims the job holds it (WORKER_TEST_HOLD_DIR) and announces itself: it is
    // killed while RUNNING; the hold is then released so the other one goes straight through.
    const holdDir = await mkdtemp(path.join(tmpdir(), "mb-hold-"));
    const env = { ...WORKER_ENV, WORKER_TEST_HOLD_DIR: holdDir };
    workers.push(...(await Promise.all([startWorker(env, STARTUP_MS), startWorker(env, STARTUP_MS)])));
    await enqueueEvaluation(id);
    await waitForFile(path.join(holdDir, `${id}.held`), 60_000);
    const holderPid = Number(await readFile(path.join(holdDir, `${id}.held`), "utf8"));
    const holder = workers.find((w) => w.child.pid === holderPid)!;
    const survivor = workers.find((w) => w !== holder)!;

    const running = await prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(running.status).toBe("RUNNING");
    expect(running.attempts).toBe(1);
    expect(await evaluationJobState(id)).toBe("active");
    await holder.stop("SIGKILL");
    await writeFile(path.join(holdDir, `${id}.release`), "");
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(0);

    await waitForSubmission(id, (s) => s.attempts === 2, 20_000);
    const done = await waitForSubmission(id, (s) => s.status === "FINISHED" || s.status === "FAILED", 60_000);
    expect(done.status, survivor.output()).toBe("FINISHED");
    expect(done.attempts).toBe(2);
    const scores = await prisma.score.findMany({ where: { submissionId: id } });
    expect(scores.map((s) => s.split).sort()).toEqual(["PRIVATE", "PUBLIC"]);
  }, 300_000);
});
