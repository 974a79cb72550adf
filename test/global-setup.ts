// One fresh, migrated database, Redis key prefix and DATA_DIR per `vitest run`, inherited by every
// test process through the environment (so lib/config reads them like in production).
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { applyMigrations, dropDatabase } from "../scripts/lib/schema-engine";
import { sweepStaleTestRuns } from "./helpers/stale-runs";
import { SERVER_FILES, TEST_ENV } from "./helpers/test-env";

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

async function stopTestServer(runDir: string): Promise<void> {
  const pid = Number(await readFile(path.join(runDir, SERVER_FILES.pid), "utf8").catch(() => ""));
  if (!pid) return;
  try {
    process.kill(-pid, "SIGTERM"); // the server was started detached: its pid is its process group
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(-pid, "SIGKILL");
  } catch {}
}

export default async function setup() {
  const runId = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${randomBytes(3).toString("hex")}`;
  const external = process.env[TEST_ENV.externalDatabaseUrl];
  const databaseUrl = external || withDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL, `maskboard_test_${runId}`);
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const prefix = `mbtest_${runId}`;
  const runDir = await mkdtemp(path.join(tmpdir(), `maskboard-test-${runId}-`));
  const dataDir = path.join(runDir, "data");

  await sweepStaleTestRuns(databaseUrl, redisUrl).catch((err) => console.warn(`Could not sweep abandoned test runs: ${err}`));
  await applyMigrations(databaseUrl);

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    DATA_DIR: dataDir,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || `test-secret-${randomBytes(16).toString("hex")}`,
    [TEST_ENV.runDir]: runDir,
    [TEST_ENV.ownerPid]: String(process.pid),
  });

  return async () => {
    await stopTestServer(runDir);
    await deleteRedisKeys(redisUrl, prefix).catch((err) => console.warn(`Could not delete Redis keys ${prefix}:*: ${err}`));
    if (!external) await dropDatabase(databaseUrl);
    await rm(runDir, { recursive: true, force: true });
  };
}
