import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { checkHealth } from "@/lib/health";
import { clearWorkerHeartbeat, createRedisConnection, getRedis, writeWorkerHeartbeat } from "@/lib/queue";

const redis = createRedisConnection();
// Nothing listens on port 1: a Redis that is down.
const deadRedis = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
deadRedis.on("error", () => {});
const missingDb = (() => {
  const url = new URL(env.DATABASE_URL);
  url.pathname = "/maskboard_no_such_database";
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
})();

afterAll(async () => {
  redis.disconnect();
  deadRedis.disconnect();
  getRedis().disconnect();
  await missingDb.$disconnect();
});

describe("checkHealth", () => {
  it("is ok with the database, Redis and a live worker heartbeat", async () => {
    const workerId = randomUUID();
    const now = new Date().toISOString();
    await writeWorkerHeartbeat(redis, { workerId, pid: 1, hostname: "test", concurrency: 1, startedAt: now, at: now });
    try {
      const report = await checkHealth();
      expect(report).toMatchObject({ ok: true, down: [], database: { ok: true }, redis: { ok: true }, worker: { ok: true } });
      expect(report.worker.count).toBeGreaterThanOrEqual(1);
    } finally {
      await clearWorkerHeartbeat(redis, workerId);
    }
  });

  it("names Redis (and so the worker) when Redis is down", async () => {
    const report = await checkHealth({ redis: deadRedis });
    expect(report.ok).toBe(false);
    expect(report.down).toEqual(["redis", "worker"]);
    expect(report.database.ok).toBe(true);
  });

  it("names the database when it is unreachable", async () => {
    const report = await checkHealth({ db: missingDb, redis: deadRedis });
    expect(report.down).toEqual(["database", "redis", "worker"]);
    expect(report.database.detail).toMatch(/maskboard_no_such_database|does not exist/);
  });
});
