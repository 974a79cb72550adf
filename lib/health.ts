import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, rm, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { evictionPolicyProblem, getRedis, listLiveWorkers, redisEvictionPolicy } from "@/lib/queue";

export type ComponentHealth = { ok: boolean; detail: string };
export type HealthReport = {
  ok: boolean;
  down: string[];
  database: ComponentHealth;
  redis: ComponentHealth;
  worker: ComponentHealth & { count: number };
  storage: ComponentHealth;
};

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

// Prisma errors start with "Invalid `prisma...` invocation:" lines; the cause is on the last line.
const message = (err: unknown) =>
  (err instanceof Error ? err.message : String(err))
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1) ?? "unknown error";

const MIB = 1024 * 1024;

/**
 * DATA_DIR is writable (a small probe file is created and removed, bounded in time) and its disk has at
 * least `minFreeMb` MiB free: uploads, temp files and the worker's caches all live there.
 */
async function checkStorage(dataDir: string, minFreeMb: number): Promise<ComponentHealth> {
  const probe = path.join(dataDir, `.health-probe-${process.pid}-${randomUUID()}`);
  try {
    await withTimeout(
      (async () => {
        await mkdir(dataDir, { recursive: true });
        try {
          await writeFile(probe, "ok", { flag: "wx" });
        } finally {
          await rm(probe, { force: true });
        }
      })(),
      `DATA_DIR ${dataDir}`,
    );
  } catch (err) {
    return {
      ok: false,
      detail: `DATA_DIR ${dataDir} is not writable (${message(err)}): make it a folder the web and worker processes' user can write to, on a disk that is mounted read-write`,
    };
  }
  let freeMb: number;
  try {
    const stats = await withTimeout(statfs(dataDir), `DATA_DIR ${dataDir}`);
    freeMb = Math.floor((stats.bavail * stats.bsize) / MIB);
  } catch (err) {
    return { ok: false, detail: `cannot read the free space of DATA_DIR ${dataDir} (${message(err)})` };
  }
  if (freeMb < minFreeMb) {
    return {
      ok: false,
      detail: `DATA_DIR ${dataDir} has ${freeMb} MiB free, below HEALTH_MIN_FREE_MB=${minFreeMb}: free space on that disk (old uploads, DATA_DIR/tmp) or give it a larger one`,
    };
  }
  return { ok: true, detail: `writable, ${freeMb} MiB free` };
}

/** Database, Redis (reachable, maxmemory-policy noeviction) at least one live worker (a TTL'd heartbeat
 * in Redis) and storage (DATA_DIR writable, free space at least HEALTH_MIN_FREE_MB).
 */
export async function checkHealth(
  deps: { db?: Pick<typeof prisma, "$queryRaw">; redis?: Redis; dataDir?: string; minFreeMb?: number } = {},
): Promise<HealthReport> {
  const db = deps.db ?? prisma;
  const [database, redisAndWorkers, storage] = await Promise.all([
    withTimeout(db.$queryRaw`SELECT 1`, "PostgreSQL").then(
      () => ({ ok: true, detail: "reachable" }),
      (err) => ({ ok: false, detail: message(err) }),
    ),
    (async () => {
      const redis = deps.redis ?? getRedis();
      try {
        await withTimeout(redis.ping(), "Redis");
      } catch (err) {
        return { redis: { ok: false, detail: message(err) }, worker: { ok: false, detail: "unknown: Redis is down", count: 0 } };
      }
      // Reachable but evicting keys: jobs can be lost (and workers refuse to start on it).
      const policy = await withTimeout(redisEvictionPolicy(redis), "Redis").catch(() => null);
      const evicting = evictionPolicyProblem(policy);
      const workers = await withTimeout(listLiveWorkers(redis), "Redis").catch(() => []);
      const worker = workers.length
        ? { ok: true, detail: `${workers.length} worker(s) alive`, count: workers.length }
        : { ok: false, detail: "no worker heartbeat: start one with npm run worker", count: 0 };
      return { redis: evicting ? { ok: false, detail: evicting } : { ok: true, detail: "reachable" }, worker };
    })(),
    checkStorage(deps.dataDir ?? env.DATA_DIR, deps.minFreeMb ?? env.HEALTH_MIN_FREE_MB),
  ]);
  const report = { database, ...redisAndWorkers, storage };
  const down = (["database", "redis", "worker", "storage"] as const).filter((name) => !report[name].ok);
  return { ok: down.length === 0, down, ...report };
}
