import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import {
  EVALUATIONS_QUEUE,
  clearWorkerHeartbeat,
  createRedisConnection,
  getEvaluationsQueue,
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
});
