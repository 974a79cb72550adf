import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queues: workers of other test files must not take its jobs (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_stats`;
});
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { getObjectStore, readObject } from "@/lib/object-store";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { decodeReplicateCache, replicateEvaluator, runReplicates } from "@/lib/eval/bootstrap";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { bytesFloat64, statIntervals, STAT_KEYS, type StoredIntervals } from "@/lib/statistics/intervals";
import { getStatisticsQueue } from "@/lib/statistics/job";
import { phaseSeed } from "@/lib/statistics/seed";
import { saveEvalConfig } from "@/lib/challenges/eval-config";
import { parseProtocol } from "@/lib/challenges/protocol";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";
import { deletePrefixKeys, waitForSubmission } from "./wait";

const WORKER_ENV = { WATCHDOG_INTERVAL_MS: "0" };
const REPLICATES = 200;

let phase: ScoredPhase;
let worker: RunningWorker;
let version: number;

beforeAll(async () => {
  phase = await createScoredPhase();
  ({ version } = await saveEvalConfig(prisma, {
    actorId: phase.organizer.id,
    challengeId: phase.challengeId,
    phaseId: phase.phaseId,
    protocol: parseProtocol({ statistics: { replicates: REPLICATES } }),
  }));
  worker = await startWorker(WORKER_ENV);
  // The queue's fail-fast connection refuses commands until it is connected: connect before enqueueing.
  await getEvaluationsQueue().waitUntilReady();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await getEvaluationsQueue().close();
  await getStatisticsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

async function waitForStatistics(submissionId: string, splits: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await prisma.scoreStatistics.findMany({ where: { submissionId }, orderBy: { split: "asc" } });
    if (rows.length === splits) return rows;
    if (Date.now() > deadline) throw new Error(`no statistics for ${submissionId} after ${timeoutMs} ms:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the bootstrap follow-up job, through the worker process", () => {
  it("stores intervals and replicates with each score, and the replicate cache content-addressed", async () => {
    const id = await insertSubmission(phase, FIXTURE_DT);
    await enqueueEvaluation(id);
    const done = await waitForSubmission(id, (s) => s.status !== "QUEUED" && s.status !== "RUNNING", 60_000);
    expect(done.status, worker.output()).toBe("FINISHED");
    const rows = await waitForStatistics(id, 2, 120_000);
    const scores = await prisma.score.findMany({ where: { submissionId: id }, orderBy: { split: "asc" } });
    expect(rows.map((r) => r.split)).toEqual(["PUBLIC", "PRIVATE"]); // enum order

    for (const [i, row] of rows.entries()) {
      const score = scores[i];
      expect(row).toMatchObject({
        evalConfigVersion: version,
        replicates: REPLICATES,
        level: 0.95,
        seed: phaseSeed(null, phase.phaseId, version),
      });
      // The stored cache alone reproduces the score (every multiplicity 1) and the replicates: no re-evaluation.
      const cache = decodeReplicateCache(await readObject(getObjectStore(), row.cacheSha256));
      const plain = new Float64Array(12);
      replicateEvaluator(cache).evaluate(new Uint16Array(cache.imageIds.length).fill(1), plain);
      expect(Array.from(plain)).toEqual(STAT_KEYS.map((k) => score[k]));
      const again = runReplicates(cache, drawMultiplicities(cache.imageIds.length, REPLICATES, row.seed), { parallel: false });
      expect(bytesFloat64(row.statReplicates)).toEqual(again.stats);
      const intervals = row.intervals as unknown as StoredIntervals;
      expect(intervals.stats).toEqual(statIntervals(again.stats, 0.95));
      expect(bytesFloat64(row.primaryReplicates)).toEqual(Float64Array.from({ length: REPLICATES }, (_, b) => again.stats[b * 12]));
      expect([row.primaryLow, row.primaryHigh]).toEqual(intervals.stats.ap);
      expect(Object.keys(intervals.perClass).length).toBeGreaterThan(0);
    }
  }, 240_000);
});
