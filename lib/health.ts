import "server-only";
import type { Redis } from "ioredis";
import { prisma } from "@/lib/db";
import { evictionPolicyProblem, getRedis, listLiveWorkers, redisEvictionPolicy } from "@/lib/queue";

export type ComponentHealth = { ok: boolean; detail: string };
export type HealthReport = {
  ok: boolean;
  down: string[];
  database: ComponentHealth;
  redis: ComponentHealth;
  worker: ComponentHealth & { count: number };
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

/** Database, Redis (reachable, maxmemory-policy noeviction) and at least one live worker (a TTL'd heartbeat in Redis). */
export async function checkHealth(deps: { db?: Pick<typeof prisma, "$queryRaw">; redis?: Redis } = {}): Promise<HealthReport> {
  const db = deps.db ?? prisma;
  const [database, redisAndWorkers] = await Promise.all([
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
  ]);
  const report = { database, ...redisAndWorkers };
  const down = (["database", "redis", "worker"] as const).filter((name) => !report[name].ok);
  return { ok: down.length === 0, down, ...report };
}
