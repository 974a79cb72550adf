// Global setup of every vitest project (vitest.config.ts). One run folder per `vitest run`; the
// projects that need services (integration, http, e2e) also get one fresh, migrated database and
// one Redis key prefix. All of it reaches the test processes through the environment (so
// lib/config reads them like in production) and is removed when the last project tears down.
//
// The unit project touches no service here: `npm run test:unit` passes with Postgres and Redis down.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { SERVER_FILES, TEST_ENV, UNIT_PROJECT } from "./helpers/test-env";

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

type Run = {
  id: string;
  dir: string;
  /** Projects set up and not yet torn down: the last teardown cleans up. */
  users: number;
  /** Set once the services are prepared (by the first project that needs them). */
  services?: Promise<{ databaseUrl: string; redisUrl: string; prefix: string; external: boolean }>;
  savedEnv: Record<string, string | undefined>;
};

// Each project loads this file through its own module runner, so the run lives on globalThis.
const RUN = Symbol.for("maskboard.testRun");
const holder = globalThis as typeof globalThis & { [RUN]?: Promise<Run> };

function setEnv(run: Run, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in run.savedEnv)) run.savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
}

async function createRun(): Promise<Run> {
  const id = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${randomBytes(3).toString("hex")}`;
  const base = tmpdir();
  await sweepStaleRunDirs(base);
  const dir = await mkdtemp(path.join(base, `maskboard-test-${id}-`));
  const run: Run = { id, dir, users: 0, savedEnv: {} };
  await mkdir(path.join(dir, "tmp"));
  setEnv(run, {
    // Everything a test (or a process it starts) writes through os.tmpdir() lands in the run folder.
    TMPDIR: path.join(dir, "tmp"),
    DATA_DIR: path.join(dir, "data"),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || `test-secret-${randomBytes(16).toString("hex")}`,
    [TEST_ENV.runDir]: dir,
    [TEST_ENV.ownerPid]: String(process.pid),
  });
  return run;
}

/** Run folders of runs that were killed before their teardown (older than six hours). */
async function sweepStaleRunDirs(base: string): Promise<void> {
  const { readdir } = await import("node:fs/promises");
  const { isStaleRunName } = await import("./helpers/stale-run-names");
  for (const name of await readdir(base).catch(() => [])) {
    if (isStaleRunName(name)) {
      await rm(path.join(base, name), { recursive: true, force: true }).catch(() => {});
    }
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function prepareServices(run: Run) {
  const { applyMigrations } = await import("../scripts/lib/schema-engine");
  const { sweepStaleTestRuns } = await import("./helpers/stale-runs");
  const external = process.env[TEST_ENV.externalDatabaseUrl];
  const databaseUrl = external || withDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL, `maskboard_test_${run.id}`);
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const prefix = `mbtest_${run.id}`;

  await sweepStaleTestRuns(databaseUrl, redisUrl).catch((err) => console.warn(`Could not sweep abandoned test runs: ${err}`));
  await applyMigrations(databaseUrl);
  setEnv(run, { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, BULLMQ_PREFIX: prefix });
  return { databaseUrl, redisUrl, prefix, external: Boolean(external) };
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const { Redis } = await import("ioredis");
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

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopTestServer(runDir: string): Promise<void> {
  const pid = Number(await readFile(path.join(runDir, SERVER_FILES.pid), "utf8").catch(() => ""));
  if (!pid || !processGroupAlive(pid)) return;
  process.kill(-pid, "SIGTERM"); // the server was started detached: its pid is its process group
  // A process that is not our child cannot be awaited: look until it is gone, at most 5 s.
  const deadline = Date.now() + 5000;
  while (processGroupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (processGroupAlive(pid)) process.kill(-pid, "SIGKILL");
}

async function cleanUp(run: Run): Promise<void> {
  await stopTestServer(run.dir);
  const services = await run.services?.catch(() => undefined);
  if (services) {
    const { dropDatabase } = await import("../scripts/lib/schema-engine");
    await deleteRedisKeys(services.redisUrl, services.prefix).catch((err) =>
      console.warn(`Could not delete Redis keys ${services.prefix}:*: ${err}`),
    );
    if (!services.external) await dropDatabase(services.databaseUrl);
  }
  await rm(run.dir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(run.savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

export default async function setup(project: TestProject) {
  holder[RUN] ??= createRun();
  const run = await holder[RUN];
  run.users++;
  if (project.name !== UNIT_PROJECT) {
    run.services ??= prepareServices(run);
    await run.services;
  }
  return async () => {
    if (--run.users > 0) return;
    delete holder[RUN];
    await cleanUp(run);
  };
}
