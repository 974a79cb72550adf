import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { env } from "@/lib/config";
import {
  EVALUATIONS_QUEUE,
  clearWorkerHeartbeat,
  createRedisConnection,
  getEvaluationsQueue,
  getQueueCounts,
  getRedis,
  listLiveWorkers,
  workerHeartbeatKey,
  writeWorkerHeartbeat,
} from "@/lib/queue";

const redis = createRedisConnection();

afterAll(async () => {
  await getEvaluationsQueue().close();
  getRedis().disconnect();
  redis.disconnect();
});

describe("lib/queue", () => {
  it("puts evaluation jobs under the run's BullMQ prefix", async () => {
    const queue = getEvaluationsQueue();
    expect(queue.name).toBe(EVALUATIONS_QUEUE);
    const job = await queue.add("evaluate", { submissionId: "sub_1" });
    expect(await redis.exists(`${env.BULLMQ_PREFIX}:${EVALUATIONS_QUEUE}:${job.id}`)).toBe(1);
    await job.remove();
  });

  it("keeps heartbeats that expire on their own", async () => {
    const workerId = randomUUID();
    const beat = { workerId, pid: 1, hostname: "h", concurrency: 1, startedAt: new Date().toISOString(), at: new Date().toISOString() };
    await writeWorkerHeartbeat(redis, beat);
    expect(workerHeartbeatKey(workerId).startsWith(`${env.BULLMQ_PREFIX}:`)).toBe(true);
    const ttl = await redis.ttl(workerHeartbeatKey(workerId));
    expect(ttl).toBeGreaterThan(0);
    expect(await listLiveWorkers(getRedis())).toContainEqual(beat);
    await clearWorkerHeartbeat(redis, workerId);
    expect((await listLiveWorkers(redis)).map((w) => w.workerId)).not.toContain(workerId);
  });

  it("counts the queue's jobs by state as BullMQ sees them (prioritized jobs wait too)", async () => {
    // A queue of its own under the run's prefix: other tests' jobs do not change the counts.
    const name = `counts-${randomUUID()}`;
    const connection = createRedisConnection();
    const queue = new Queue(name, { connection, prefix: env.BULLMQ_PREFIX });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const activeStarted = new Promise<void>((r) => (started = r));
    const worker = new Worker(
      name,
      async (job) => {
        if (job.name === "fail") throw new Error("refused on purpose");
        started();
        await held;
      },
      { connection: createRedisConnection(), prefix: env.BULLMQ_PREFIX, autorun: false },
    );
    let running: Promise<void> | undefined;
    try {
      expect(await getQueueCounts(queue)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      const failed = new Promise<void>((r) => worker.on("failed", () => r()));
      await queue.add("fail", {}, { attempts: 1 });
      running = worker.run();
      await failed;
      await queue.add("hold", {});
      await activeStarted;
      await queue.add("later", {}, { delay: 60_000 });
      await queue.add("next", {});
      await queue.add("urgent", {}, { priority: 1 });
      expect(await getQueueCounts(queue)).toEqual({ waiting: 2, active: 1, delayed: 1, failed: 1 });
    } finally {
      release();
      await worker.close(true);
      await running;
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });

  it("answers null instead of hanging when Redis does not answer", async () => {
    const connection = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: null, retryStrategy: () => 1000 });
    connection.on("error", () => {});
    const queue = new Queue(`down-${randomUUID()}`, { connection, prefix: env.BULLMQ_PREFIX });
    queue.on("error", () => {});
    try {
      expect(await getQueueCounts(queue)).toBeNull();
    } finally {
      connection.disconnect();
    }
  });
});
