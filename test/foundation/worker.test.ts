import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { createRedisConnection } from "@/lib/queue";
import { spawnWorker, startWorker } from "../helpers/worker";

const redis = createRedisConnection();
afterAll(() => redis.disconnect());

// A prefix of its own, inside the run's: this worker must not take other test files' jobs,
// and the run's teardown still deletes its keys.
const prefix = `${env.BULLMQ_PREFIX}:worker-test`;

async function heartbeatKeys(): Promise<string[]> {
  return redis.keys(`${prefix}:worker-heartbeat:*`);
}

describe("worker process", () => {
  it("starts, keeps a TTL'd heartbeat, and stops cleanly on SIGTERM", async () => {
    const worker = await startWorker({ BULLMQ_PREFIX: prefix });
    try {
      const keys = await heartbeatKeys();
      expect(keys).toHaveLength(1);
      const beat = JSON.parse((await redis.get(keys[0]))!);
      expect(beat).toMatchObject({ pid: worker.child.pid, concurrency: env.WORKER_CONCURRENCY });
      const ttl = await redis.ttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(20);
    } finally {
      expect(await worker.stop("SIGTERM")).toBe(0);
    }
    expect(worker.output()).toMatch(/stopped\./);
    expect(await heartbeatKeys()).toEqual([]);
  });

  it("refuses to start with a malformed environment, naming the variable", async () => {
    const worker = spawnWorker({ BULLMQ_PREFIX: prefix, WORKER_CONCURRENCY: "lots" });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/WORKER_CONCURRENCY .*whole number/);
    expect(worker.output()).not.toMatch(/ ready: /);
  });

  it("refuses to start when the database does not exist, saying what to do", async () => {
    const url = new URL(env.DATABASE_URL);
    url.pathname = "/maskboard_does_not_exist";
    const worker = spawnWorker({ BULLMQ_PREFIX: prefix, DATABASE_URL: url.toString() });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/PostgreSQL is unreachable.*npm run db:migrate/s);
  });
});
