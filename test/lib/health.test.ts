import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
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

// A private folder for the storage cases (real files; removed at the end).
let scratch: string | undefined;
const scratchDir = async () => (scratch ??= await mkdtemp(path.join(tmpdir(), "maskboard-health-")));

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
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
      expect(report).toMatchObject({
        ok: true,
        down: [],
        database: { ok: true },
        redis: { ok: true },
        worker: { ok: true },
        storage: { ok: true },
      });
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

  it("checks that DATA_DIR is writable, leaving no probe file behind", async () => {
    const dataDir = path.join(await scratchDir(), "data");
    const report = await checkHealth({ redis: deadRedis, dataDir, minFreeMb: 1 });
    expect(report.storage).toMatchObject({ ok: true, detail: expect.stringMatching(/writable, \d+ MiB free/) });
    expect(report.down).not.toContain("storage");
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("names storage when DATA_DIR cannot be written (its parent is a file)", async () => {
    // A path under a regular file gives ENOTDIR even to root, whom chmod would not stop.
    const file = path.join(await scratchDir(), "not-a-folder");
    await writeFile(file, "x");
    const dataDir = path.join(file, "data");
    const report = await checkHealth({ redis: deadRedis, dataDir, minFreeMb: 0 });
    expect(report.ok).toBe(false);
    expect(report.down).toEqual(["redis", "worker", "storage"]);
    expect(report.storage.ok).toBe(false);
    expect(report.storage.detail).toContain(dataDir);
    expect(report.storage.detail).toMatch(/not writable.*ENOTDIR.*write to/);
  });

  it("names storage when DATA_DIR's disk has less free space than HEALTH_MIN_FREE_MB", async () => {
    const dataDir = await scratchDir();
    const stats = await statfs(dataDir);
    const freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
    const minFreeMb = freeMb + 1024 * 1024; // a terabyte more than the disk has
    const report = await checkHealth({ redis: deadRedis, dataDir, minFreeMb });
    expect(report.down).toEqual(["redis", "worker", "storage"]);
    expect(report.storage.ok).toBe(false);
    expect(report.storage.detail).toContain(dataDir);
    expect(report.storage.detail).toContain(`below HEALTH_MIN_FREE_MB=${minFreeMb}`);
  });
});
