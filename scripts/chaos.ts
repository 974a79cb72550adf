// The fault suite: `npm run chaos` (all scenarios) or `npm run chaos -- --only sigkill,shard-kill [--json]`
// (the "seed" row, the demo's submissions scored without a fault, always runs first).
// Each run starts its own PostgreSQL cluster and Redis server on free ports (scripts/lib/fault-harness.ts;
// never the shared ones), seeds the demo challenge, runs real workers as child processes and, per
// scenario, uploads submissions through the web app's code path (createSubmission), injects one fault
// and waits for every accepted submission to end. It prints a table:
//
//   submissions  accepted uploads;   stuck  still QUEUED/RUNNING at the deadline;
//   lost         accepted but gone or FAILED for a server reason (the file was fine);
//   dup scores   Score rows beyond one per split;   recover  fault -> every submission ended;
//   notes        what the uploads were told (HTTP status and code) and what was seen.
//
// Workers hold each job after claiming it (WORKER_TEST_HOLD_DIR) until the fault has been injected, so
// "mid-job" is certain, and run with a 4 s job lock and 1 s stalled check (WORKER_LOCK_DURATION_MS,
// WORKER_STALLED_INTERVAL_MS) and a 2 s watchdog interval. Exit code 1 when any scenario shows stuck,
// lost or duplicate scores.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startPostgresCluster, startRedisServer, type PostgresCluster, type RedisServer } from "./lib/fault-harness";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WAIT_MS = Number(process.env.CHAOS_WAIT_MS ?? 5 * 60_000);
const WORKER_ENV = {
  WORKER_LOCK_DURATION_MS: "4000",
  WORKER_STALLED_INTERVAL_MS: "1000",
  WATCHDOG_INTERVAL_MS: "2000",
  WORKER_CONCURRENCY: "2",
};

type Row = {
  scenario: string;
  submissions: number;
  stuck: number;
  lost: number;
  dupScores: number;
  recoverMs: number | null;
  notes: string;
};

// ---------------------------------------------------------------------------------------- workers

type ChaosWorker = { child: ChildProcess; output: () => string; exited: Promise<number | null>; signal(s: NodeJS.Signals): void };

/** Every worker still running, and the servers: stopped on Ctrl-C too, so an interrupted run leaves nothing behind. */
const live = new Set<ChaosWorker>();
let cleanup: () => Promise<void> = async () => undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const w of live) w.signal("SIGKILL");
    void cleanup().finally(() => process.exit(130));
  });
}

function spawnWorker(env: Record<string, string>): ChaosWorker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "worker/index.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output = (output + String(d)).slice(-20_000)));
  child.stderr.on("data", (d) => (output = (output + String(d)).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const worker: ChaosWorker = {
    child,
    output: () => output,
    exited,
    signal: (s) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(s);
    },
  };
  live.add(worker);
  void exited.then(() => live.delete(worker));
  return worker;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function startWorkers(n: number, env: Record<string, string>): Promise<ChaosWorker[]> {
  const workers = Array.from({ length: n }, () => spawnWorker(env));
  await Promise.all(
    workers.map((w) =>
      until("worker ready", 180_000, () => {
        if (w.child.exitCode !== null) throw new Error(`worker exited with ${w.child.exitCode}:\n${w.output()}`);
        return / ready: /.test(w.output());
      }),
    ),
  );
  return workers;
}

async function stopWorkers(workers: ChaosWorker[]): Promise<void> {
  for (const w of workers) w.signal("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
}

// ---------------------------------------------------------------------------------------- the run

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const onlyArg = args[args.indexOf("--only") + 1];
  const only = args.includes("--only") && onlyArg ? new Set(onlyArg.split(",")) : null;

  const runDir = await mkdtemp(path.join(os.tmpdir(), "maskboard-chaos-"));
  let pg: PostgresCluster | undefined;
  let redis: RedisServer | undefined;
  const rows: Row[] = [];
  cleanup = async () => {
    await Promise.all([pg?.dispose(), redis?.dispose()]);
    await rm(runDir, { recursive: true, force: true });
  };
  try {
    [pg, redis] = await Promise.all([
      startPostgresCluster({ dir: path.join(runDir, "pg") }),
      startRedisServer({ dir: path.join(runDir, "redis") }),
    ]);
    const databaseUrl = await pg.createDatabase("maskboard", { migrate: true });
    const dataDir = path.join(runDir, "data");
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      BULLMQ_PREFIX: "chaos",
      NEXTAUTH_SECRET: "chaos-run-secret-0123456789abcdef",
      TMPDIR: path.join(runDir, "tmp"),
    });
    await mkdir(path.join(runDir, "tmp"), { recursive: true });
    // lib/config reads the environment when first imported: only now.
    const suite = await loadSuite(pg, redis, runDir, dataDir);
    for (const [name, scenario] of Object.entries(suite.scenarios)) {
      // The seed row always runs first: the demo's own submissions must be scored before workers hold jobs.
      if (only && name !== "seed" && !only.has(name)) continue;
      const started = Date.now();
      process.stderr.write(`chaos: ${name} ...\n`);
      try {
        rows.push(await scenario());
      } catch (e) {
        rows.push({
          scenario: name,
          submissions: 0,
          stuck: 0,
          lost: 0,
          dupScores: 0,
          recoverMs: null,
          notes: `ERROR ${(e as Error).message.slice(0, 300)}`,
        });
      }
      process.stderr.write(`chaos: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    await suite.close();
  } finally {
    await cleanup();
  }
  printTable(rows);
  if (json) console.log(JSON.stringify({ rows }));
  const bad = rows.some((r) => r.stuck > 0 || r.lost > 0 || r.dupScores > 0 || r.notes.startsWith("ERROR"));
  process.exitCode = bad ? 1 : 0;
}

function printTable(rows: Row[]): void {
  const header = ["scenario", "submissions", "stuck", "lost", "dup scores", "recover s", "notes"];
  const cells = rows.map((r) => [
    r.scenario,
    String(r.submissions),
    String(r.stuck),
    String(r.lost),
    String(r.dupScores),
    r.recoverMs === null ? "-" : (r.recoverMs / 1000).toFixed(1),
    r.notes,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 6 ? 0 : c[i].length))));
  const line = (c: string[]) => c.map((v, i) => (i === 6 ? v : i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

// -------------------------------------------------------------------------------------- scenarios

async function loadSuite(pg: PostgresCluster, redis: RedisServer, runDir: string, dataDir: string) {
  const { prisma } = await import("@/lib/db");
  const { errorReport } = await import("@/lib/errors");
  const { viewerFromUser } = await import("@/lib/auth/viewer");
  const { createSubmission } = await import("@/lib/submissions/create-submission");
  const { getEvaluationsQueue, getLargeEvaluationsQueue, getRedis } = await import("@/lib/queue");
  const { seedDemo, DEMO_USERS, DEMO_CHALLENGE_SLUG } = await import("../prisma/seed");

  await seedDemo(prisma);
  const organizer = viewerFromUser(await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS.organizer.email } }));
  const results = JSON.parse(await readFile(path.join(REPO_ROOT, "prisma/demo/results-strong.json"), "utf8")) as { score: number }[];
  let serial = 0;

  /**
   * Uploads one distinct results file (storage keys are content hashes) as the organizer: its id, or
   * what the client was told. `copies` > 1 repeats every detection (lower scores each time): a file of
   * about 55 KB x copies, e.g. above SHARD_MIN_MB.
   */
  async function upload(copies = 1): Promise<{ id: string } | { status: number; code: string }> {
    serial++;
    const variant = Array.from({ length: copies }, (_, k) =>
      results.map((d, i) => (i === 0 || k > 0 ? { ...d, score: d.score * (1 - serial * 1e-6) * (1 - k * 1e-3) } : d)),
    ).flat();
    const form = new FormData();
    form.set("file", new Blob([JSON.stringify(variant)], { type: "application/json" }), `chaos-${serial}.json`);
    const request = new Request("http://chaos.invalid/upload", { method: "POST", body: form });
    try {
      const created = await createSubmission(organizer, { challengeSlug: DEMO_CHALLENGE_SLUG, phaseSlug: "dev" }, request);
      if (created.status !== "QUEUED") return { status: 422, code: created.error?.code ?? "failed" };
      return { id: created.id };
    } catch (e) {
      const report = errorReport(e);
      return { status: report.status, code: report.code };
    }
  }

  async function uploadMany(n: number, copies = 1): Promise<{ ids: string[]; refused: string[] }> {
    const ids: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await upload(copies);
      if ("id" in r) ids.push(r.id);
      else refused.push(`${r.status} ${r.code}`);
    }
    return { ids, refused };
  }

  const summarizeRefusals = (refused: string[]) => {
    const counts = new Map<string, number>();
    for (const r of refused) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].map(([what, n]) => `${n}x ${what}`).join(", ");
  };

  /** Retries a query while Postgres is coming back. */
  async function query<T>(run: () => Promise<T>): Promise<T> {
    return until("database answers", 60_000, async () => {
      try {
        return { value: await run() };
      } catch {
        return null;
      }
    }).then((r) => r.value);
  }

  /** Waits until every submission has ended (or the deadline), then counts stuck, lost and duplicate scores. */
  async function outcome(ids: string[], faultAt: number) {
    const terminal = (s: string) => s === "FINISHED" || s === "FAILED" || s === "CANCELLED";
    let recoverMs: number | null = null;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const rows = await query(() => prisma.submission.findMany({ where: { id: { in: ids } }, select: { status: true } }));
      if (rows.length === ids.length && rows.every((r) => terminal(r.status))) {
        recoverMs = Date.now() - faultAt;
        break;
      }
      if (Date.now() > deadline) break;
      await sleep(250);
    }
    const rows = await query(() =>
      prisma.submission.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, errorCode: true, attempts: true } }),
    );
    const scores = await query(() =>
      prisma.score.groupBy({ by: ["submissionId", "split"], where: { submissionId: { in: ids } }, _count: true }),
    );
    const stuck = rows.filter((r) => !terminal(r.status)).length;
    const lost = ids.length - rows.length + rows.filter((r) => r.status === "FAILED" || r.status === "CANCELLED").length;
    const dupScores = scores.reduce((n, s) => n + Math.max(0, s._count - 1), 0);
    const failedCodes = rows.filter((r) => r.status === "FAILED").map((r) => r.errorCode ?? "?");
    const maxAttempts = Math.max(0, ...rows.map((r) => r.attempts));
    const notes = [failedCodes.length ? `failed: ${summarizeRefusals(failedCodes)}` : "", `max attempts ${maxAttempts}`];
    return { stuck, lost, dupScores, recoverMs, notes };
  }

  /** A hold folder per scenario: workers announce held jobs there; release() lets them all go. */
  async function holds(name: string) {
    const dir = path.join(runDir, "hold", name);
    await mkdir(dir, { recursive: true });
    return {
      dir,
      held: async () => (await readdir(dir)).filter((f) => f.endsWith(".held")),
      holderPid: async (file: string) => Number(await readFile(path.join(dir, file), "utf8")),
      release: async (ids: string[]) => {
        await Promise.all(ids.map((id) => writeFile(path.join(dir, `${id}.release`), "")));
      },
    };
  }

  /** Workers, uploads, the first held job, the fault, release: the common shape of the worker-side scenarios. */
  async function workerScenario(
    name: string,
    n: number,
    fault: (ctx: { workers: ChaosWorker[]; holderPid: number; env: Record<string, string> }) => Promise<string[]>,
  ): Promise<Row> {
    const hold = await holds(name);
    const env = { ...WORKER_ENV, WORKER_TEST_HOLD_DIR: hold.dir };
    const workers = await startWorkers(2, env);
    try {
      const { ids, refused } = await uploadMany(n);
      const first = await until("a job held by a worker", 60_000, async () => (await hold.held())[0]);
      const holderPid = await hold.holderPid(first);
      const faultAt = Date.now();
      const notes = await fault({ workers, holderPid, env });
      await hold.release(ids);
      const o = await outcome(ids, faultAt);
      if (refused.length) notes.unshift(`refused ${summarizeRefusals(refused)}`);
      return {
        scenario: name,
        submissions: ids.length,
        stuck: o.stuck,
        lost: o.lost,
        dupScores: o.dupScores,
        recoverMs: o.recoverMs,
        notes: [...notes, ...o.notes].filter(Boolean).join("; "),
      };
    } finally {
      await stopWorkers(workers);
    }
  }

  const scenarios: Record<string, () => Promise<Row>> = {
    seed: async () => {
      // The demo's own submissions, scored by fresh workers: the baseline every other row is read against.
      const ids = (await prisma.submission.findMany({ select: { id: true } })).map((s) => s.id);
      const workers = await startWorkers(1, WORKER_ENV);
      try {
        const o = await outcome(ids, Date.now());
        return { scenario: "seed (no fault)", submissions: ids.length, ...o, notes: o.notes.join("; ") };
      } finally {
        await stopWorkers(workers);
      }
    },
    sigkill: () =>
      workerScenario("worker SIGKILL mid-job", 6, async ({ workers, holderPid }) => {
        const holder = workers.find((w) => w.child.pid === holderPid)!;
        holder.signal("SIGKILL");
        await holder.exited;
        return ["holder killed; the other worker takes over"];
      }),
    sigterm: () =>
      workerScenario("worker SIGTERM mid-job", 6, async ({ workers, holderPid }) => {
        const holder = workers.find((w) => w.child.pid === holderPid)!;
        holder.signal("SIGTERM");
        // Released right after: a graceful worker finishes its jobs, then exits 0.
        void holder.exited.then((code) => {
          termExit = code;
          if (code !== 0) process.stderr.write(`chaos: the SIGTERM'd worker exited with ${code}:\n${holder.output().slice(-3000)}\n`);
        });
        return [];
      }).then(async (row) => ({ ...row, notes: `${row.notes}; holder exit code ${termExit}` })),
    "shard-kill": async () => {
      // Files of ~2.5 MB with SHARD_MIN_MB=1: each is cut into 3 image shards, matched by child jobs.
      // The worker holding a shard job is killed; that shard alone must run again (same partition).
      const name = "worker SIGKILL mid-shard";
      const hold = await holds(name);
      const env = { ...WORKER_ENV, WORKER_TEST_HOLD_DIR: hold.dir, SHARD_MIN_MB: "1", SHARD_TARGET_MB: "1" };
      const workers = await startWorkers(2, env);
      let releasing = true;
      try {
        const { ids, refused } = await uploadMany(2, 45);
        // Parents go through (they partition); the first shard held is the victim.
        const shardHeld = await until("a shard job held by a worker", 120_000, async () => {
          const held = await hold.held();
          await hold.release(held.filter((f) => !f.includes(".shard-")).map((f) => f.replace(/\.held$/, "")));
          return held.find((f) => f.includes(".shard-"));
        });
        const holderPid = await hold.holderPid(shardHeld);
        const holder = workers.find((w) => w.child.pid === holderPid)!;
        const faultAt = Date.now();
        holder.signal("SIGKILL");
        await holder.exited;
        // From now on every hold is released as soon as it appears (the retried shard's too).
        const releaser = (async () => {
          while (releasing) {
            await hold.release((await hold.held()).map((f) => f.replace(/\.held$/, "")));
            await sleep(100);
          }
        })();
        const o = await outcome(ids, faultAt);
        releasing = false;
        await releaser;
        // Each submission's shard jobs (kept after completing): one partition each, how often each ran.
        const shardJobs = (await getLargeEvaluationsQueue().getJobs(["completed", "failed"])).filter(
          (j) => j.name === "evaluate-shard" && ids.includes(j.data.submissionId),
        );
        const partitions = new Set(shardJobs.map((j) => (j.data as unknown as { plan: { prefix: string } }).plan.prefix)).size;
        const runs = shardJobs.reduce((n, j) => n + (j.attemptsStarted ?? 0), 0);
        const left = await readdir(path.join(dataDir, "shards"), { recursive: true })
          .then((entries) => entries.filter((e) => e.endsWith(".bin")).length)
          .catch(() => 0);
        const notes = [
          `shard holder killed; ${shardJobs.length} shard jobs ran ${runs} times in ${partitions} partition(s) for ${ids.length} submissions`,
          `shard files left ${left}`,
          ...o.notes,
        ];
        if (refused.length) notes.unshift(`refused ${summarizeRefusals(refused)}`);
        return {
          scenario: name,
          submissions: ids.length,
          stuck: o.stuck,
          lost: o.lost,
          dupScores: o.dupScores,
          recoverMs: o.recoverMs,
          notes: notes.join("; "),
        };
      } finally {
        releasing = false;
        await stopWorkers(workers);
      }
    },
    "redis-restart": () =>
      workerScenario("Redis restart (queued+running)", 8, async () => {
        await redis.restart({ downMs: 1000 });
        return ["Redis killed, back empty after 1 s"];
      }),
    "redis-flushall": () =>
      workerScenario("Redis FLUSHALL (queued+running)", 8, async () => {
        await redis.command(["FLUSHALL"]);
        return ["FLUSHALL"];
      }),
    "pg-restart-scoring": () =>
      workerScenario("Postgres restart while scoring", 6, async () => {
        // Jobs are released right after this returns: they write scores while Postgres is down or starting.
        void pg.restart({ downMs: 3000 });
        return ["Postgres down 3 s as held jobs are released"];
      }),
    "pg-restart-uploads": async () => {
      const name = "Postgres restart during uploads";
      const hold = await holds(name);
      const workers = await startWorkers(2, { ...WORKER_ENV, WORKER_TEST_HOLD_DIR: hold.dir });
      try {
        const before = await prisma.submission.count();
        const first = await uploadMany(2);
        const faultAt = Date.now();
        const restart = pg.restart({ downMs: 3000 });
        const during = await uploadMany(6);
        await restart;
        const after = await uploadMany(2);
        const ids = [...first.ids, ...during.ids, ...after.ids];
        const rows = await query(() => prisma.submission.count());
        await hold.release(ids);
        const o = await outcome(ids, faultAt);
        const refused = [...first.refused, ...during.refused, ...after.refused];
        const orphans = rows - before - ids.length;
        const notes = [`refused ${refused.length ? summarizeRefusals(refused) : "none"}`, `rows without an answer ${orphans}`, ...o.notes];
        return {
          scenario: name,
          submissions: ids.length,
          stuck: o.stuck,
          lost: o.lost + Math.max(0, orphans),
          dupScores: o.dupScores,
          recoverMs: o.recoverMs,
          notes: notes.join("; "),
        };
      } finally {
        await stopWorkers(workers);
      }
    },
    "datadir-unwritable": async () => {
      // root ignores file modes: the upload folder is replaced by a plain file, so nothing can be written under it.
      const tmp = path.join(dataDir, "tmp");
      const before = await prisma.submission.count();
      await rm(tmp, { recursive: true, force: true });
      await writeFile(tmp, "not a folder");
      const refused = await uploadMany(3);
      await rm(tmp, { force: true });
      const rows = (await prisma.submission.count()) - before;
      return {
        scenario: "DATA_DIR unwritable during upload",
        submissions: refused.ids.length,
        stuck: 0,
        lost: 0,
        dupScores: 0,
        recoverMs: null,
        notes: `answers: ${summarizeRefusals(refused.refused) || "none refused"}; rows created ${rows}`,
      };
    },
    "datadir-full": async () => {
      // A 16 KiB tmpfs where uploads are written: the 55 KiB file cannot fit (needs root to mount).
      const tmp = path.join(dataDir, "tmp");
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      const mounted = await new Promise<boolean>((resolve) => {
        const m = spawn("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", tmp], { stdio: "ignore" });
        m.on("exit", (code) => resolve(code === 0));
        m.on("error", () => resolve(false));
      });
      if (!mounted)
        return {
          scenario: "DATA_DIR full during upload",
          submissions: 0,
          stuck: 0,
          lost: 0,
          dupScores: 0,
          recoverMs: null,
          notes: "skipped: cannot mount a tmpfs (not root?)",
        };
      const before = await prisma.submission.count();
      try {
        const r = await uploadMany(3);
        const leftovers = (await readdir(tmp)).length;
        const rows = (await prisma.submission.count()) - before;
        return {
          scenario: "DATA_DIR full during upload",
          submissions: r.ids.length,
          stuck: 0,
          lost: 0,
          dupScores: 0,
          recoverMs: null,
          notes: `answers: ${summarizeRefusals(r.refused) || "none refused"}; rows created ${rows}; half files left ${leftovers}`,
        };
      } finally {
        await new Promise<void>((resolve) => spawn("umount", [tmp], { stdio: "ignore" }).on("exit", () => resolve()));
      }
    },
  };
  let termExit: number | null = null;

  return {
    scenarios,
    async close() {
      await getEvaluationsQueue().close();
      await getLargeEvaluationsQueue().close();
      getRedis().disconnect();
      await prisma.$disconnect();
    },
  };
}

await main();
// Open handles (ioredis reconnect timers of a queue closed mid-outage) must not keep the run alive.
process.exit(process.exitCode ?? 0);
