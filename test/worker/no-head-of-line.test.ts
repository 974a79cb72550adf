import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queues (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_hol`;
});
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { allEvaluationQueues } from "@/lib/queue";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";
import { deletePrefixKeys, uniqueCopy, waitForSubmission } from "./wait";

let phase: ScoredPhase;
let worker: RunningWorker;
let dir: string;

beforeAll(async () => {
  phase = await createScoredPhase();
  dir = await mkdtemp(path.join(tmpdir(), "mb-hol-"));
  // One worker process, one slot per queue (the defaults): WORKER_CONCURRENCY=1, WORKER_LARGE_CONCURRENCY=1.
  worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0", WORKER_CONCURRENCY: "1", WORKER_LARGE_CONCURRENCY: "1" });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all(allEvaluationQueues().map((q) => q.close()));
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  if (dir) await rm(dir, { recursive: true, force: true });
  await prisma.$disconnect();
});

describe("no head-of-line blocking", () => {
  it("scores a small file while a big one holds the large-job slot", async () => {
    // A results file that takes seconds: the fixture's detections 300 times over (~6 MB of polygons).
    const detections = JSON.parse(await readFile(FIXTURE_DT, "utf8")) as unknown[];
    const bigFile = path.join(dir, "big.json");
    await writeFile(bigFile, JSON.stringify(Array.from({ length: 300 }, () => detections).flat()));
    const big = await insertSubmission(phase, bigFile);
    // Routed by the size on its row (what scheduling reads): as if it were 200 MB.
    await prisma.submission.update({ where: { id: big }, data: { byteSize: BigInt(200 * 1024 * 1024) } });
    await enqueueEvaluation(big);
    await waitForSubmission(big, (s) => s.status === "RUNNING", 60_000);

    const small = await insertSubmission(phase, await uniqueCopy(FIXTURE_DT));
    await enqueueEvaluation(small);
    const smallDone = await waitForSubmission(small, (s) => s.status === "FINISHED" || s.status === "FAILED", 120_000);
    const bigDone = await waitForSubmission(big, (s) => s.status === "FINISHED" || s.status === "FAILED", 300_000);
    expect(smallDone.status, worker.output()).toBe("FINISHED");
    expect(bigDone.status, worker.output()).toBe("FINISHED");
    expect(smallDone.finishedAt!.getTime()).toBeLessThan(bigDone.finishedAt!.getTime());
  });
});
