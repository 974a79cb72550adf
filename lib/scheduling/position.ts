import "server-only";
import type { Job } from "bullmq";
import { prisma } from "@/lib/db";
import {
  EVALUATIONS_QUEUE,
  getQueueCounts,
  type QueueCounts,
  EVALUATION_QUEUES,
  getQueueByName,
  getRedis,
  listLiveWorkers,
  type EvaluationQueueName,
  type WorkerHeartbeat,
} from "@/lib/queue";
import { expectedSeconds, fitDurationModel, secondsUntilStart, type DurationModel } from "./estimate";

/** Where a waiting submission stands. */
export type QueuePlace = {
  queue: EvaluationQueueName;
  /** Submissions that will start before it (all teams; none of their details). */
  ahead: number;
  /** Null when no live worker serves its queue (then it waits for one to start). */
  estimatedStartAt: Date | null;
  /** Worker slots serving its queue now. */
  slots: number;
};

/** Jobs ahead are read at most this far; beyond it each counts as an average job. */
const MAX_LISTED_AHEAD = 2000;
const MODEL_TTL_MS = 30_000;
let cachedModel: { at: number; model: DurationModel } | null = null;

/** seconds = a + b * bytes over the last 200 finished evaluations (cached 30 s per process). */
export async function durationModel(now = Date.now()): Promise<DurationModel> {
  if (cachedModel && now - cachedModel.at < MODEL_TTL_MS) return cachedModel.model;
  const recent = await prisma.submission.findMany({
    where: { status: "FINISHED", startedAt: { not: null }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: 200,
    select: { byteSize: true, startedAt: true, finishedAt: true },
  });
  const model = fitDurationModel(
    recent.map((s) => ({ byteSize: Number(s.byteSize), seconds: (s.finishedAt!.getTime() - s.startedAt!.getTime()) / 1000 })),
  );
  cachedModel = { at: now, model };
  return model;
}

/** Worker slots per queue, from the live workers' heartbeats. */
export function slotsPerQueue(workers: readonly WorkerHeartbeat[]): Record<EvaluationQueueName, number> {
  const slots = Object.fromEntries(EVALUATION_QUEUES.map((q) => [q, 0])) as Record<EvaluationQueueName, number>;
  for (const w of workers) {
    // Heartbeats of workers from before the large queue carry only their concurrency (the main queue).
    const queues = w.queues ?? { [EVALUATIONS_QUEUE]: w.concurrency };
    for (const q of EVALUATION_QUEUES) slots[q] += queues[q] ?? 0;
  }
  return slots;
}

async function byteSizes(ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.submission.findMany({ where: { id: { in: ids } }, select: { id: true, byteSize: true } });
  return new Map(rows.map((r) => [r.id, Number(r.byteSize)]));
}

/**
 * The queue position and estimated start of a waiting submission, or null when it is not waiting in
 * a queue (running, finished, delayed for a retry, or not in Redis).
 */
export async function queuePlace(submissionId: string, now = Date.now()): Promise<QueuePlace | null> {
  for (const name of EVALUATION_QUEUES) {
    const queue = getQueueByName(name);
    const job = await queue.getJob(submissionId);
    if (!job) continue;
    const state = await job.getState();
    if (state !== "waiting" && state !== "prioritized") return null;
    const redis = getRedis();
    // BullMQ takes the wait list (right end first) before the prioritized set (lowest score first).
    const wait = await redis.lrange(queue.keys.wait, 0, -1);
    let aheadIds: string[];
    let ahead: number;
    if (state === "waiting") {
      const at = wait.indexOf(submissionId);
      aheadIds = wait.slice(at + 1).reverse();
      ahead = aheadIds.length;
    } else {
      const rank = (await redis.zrank(queue.keys.prioritized, submissionId)) ?? 0;
      ahead = wait.length + rank;
      const listed = Math.max(0, Math.min(rank, MAX_LISTED_AHEAD - wait.length));
      aheadIds = [...wait.reverse(), ...(listed > 0 ? await redis.zrange(queue.keys.prioritized, 0, listed - 1) : [])];
    }
    const [active, workers, model] = await Promise.all([queue.getActive(), listLiveWorkers(redis), durationModel(now)]);
    const sizes = await byteSizes([...aheadIds, ...active.map((j: Job) => j.id!).filter(Boolean)]);
    const expected = (id: string) => expectedSeconds(model, sizes.get(id) ?? 0);
    const aheadSeconds = aheadIds.map(expected);
    const average = aheadSeconds.length ? aheadSeconds.reduce((a, b) => a + b, 0) / aheadSeconds.length : expectedSeconds(model, 0);
    for (let k = aheadIds.length; k < ahead; k++) aheadSeconds.push(average);
    // A running job is expected to need at least one more second.
    const running = active.map((j: Job) => Math.max(1, expected(j.id!) - (now - (j.processedOn ?? now)) / 1000));
    const slots = slotsPerQueue(workers)[name];
    const seconds = secondsUntilStart(slots, running, aheadSeconds);
    return { queue: name, ahead, slots, estimatedStartAt: seconds === null ? null : new Date(now + seconds * 1000) };
  }
  return null;
}

/** What the organizer dashboard shows live: BullMQ counts per queue (null: Redis away) and every live worker's heartbeat. */
export type QueueOverview = { queues: { name: EvaluationQueueName; counts: QueueCounts | null }[]; workers: WorkerHeartbeat[] };

export async function queueOverview(): Promise<QueueOverview> {
  const [queues, workers] = await Promise.all([
    Promise.all(EVALUATION_QUEUES.map(async (name) => ({ name, counts: await getQueueCounts(getQueueByName(name)) }))),
    listLiveWorkers(getRedis()).catch(() => []),
  ]);
  return { queues, workers: workers.sort((a, b) => a.workerId.localeCompare(b.workerId)) };
}
