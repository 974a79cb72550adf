// `npm run bench:reliability`: the measurements of issue 16, taken as an operator would, over HTTP
// against a production server (`next start`) and a real worker, on a private PostgreSQL cluster and
// Redis server started on free ports (scripts/lib/fault-harness.ts, as `npm run chaos`; never the
// shared ones). It prints one line per measurement:
//   1. upload answer time while Redis is down (an outage of BENCH_RELIABILITY_OUTAGE_S, default 60 s:
//      one upload as it starts, one halfway), and whether both were scored once Redis was back;
//   2. files left in DATA_DIR/tmp and file handles into DATA_DIR held by the web server after 6
//      uploads aborted halfway (7 MiB sent of 14 MiB);
//   3. error answer times: a form without a `file` field (400); a small file while the upload folder
//      cannot be written (503);
//   4. evaluations started per submission when Postgres restarts (0.5 s down) as the worker writes
//      its scores (BENCH_RELIABILITY_BLIPS runs, default 3): 1 = no re-evaluation;
//   5. time from FLUSHALL (4 submissions queued or running) until all are scored, with
//      WATCHDOG_INTERVAL_MS=5000 (and the default WATCHDOG_GRACE_MS).
// Env: BENCH_RELIABILITY_OUTAGE_S (60), BENCH_RELIABILITY_BLIPS (3), BENCH_RELIABILITY_ONLY (e.g. "1,4": only
// those measurements), BENCH_PORT (3321), BENCH_VERBOSE=1 (the server's and the worker's output).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, unlink, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT } from "../lib/schema-engine";
import { ensureTestBuild } from "../lib/next-build";
import { startPostgresCluster, startRedisServer, type PostgresCluster, type RedisServer } from "../lib/fault-harness";

const OUTAGE_S = Number(process.env.BENCH_RELIABILITY_OUTAGE_S ?? 60);
const BLIPS = Number(process.env.BENCH_RELIABILITY_BLIPS ?? 3);
const ONLY = new Set((process.env.BENCH_RELIABILITY_ONLY ?? "1,2,3,4,5").split(",").map(Number));
const port = Number(process.env.BENCH_PORT ?? 3321);
const baseUrl = `http://127.0.0.1:${port}`;
const MiB = 1024 * 1024;
const log = (line: string) => console.log(line);
const children = new Set<ChildProcess>();

function start(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => process.env.BENCH_VERBOSE && process.stdout.write(`[${name}] ${d}`));
  child.stderr.on("data", (d) => process.env.BENCH_VERBOSE && process.stderr.write(`[${name}] ${d}`));
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | false | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The pids of a process and its descendants. */
async function processTree(pid: number): Promise<number[]> {
  const kids = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => ""))
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...(await Promise.all(kids.map(processTree))).flat()];
}

/** File handles the processes hold on files under `dir`. */
async function handlesUnder(pid: number, dir: string): Promise<number> {
  let n = 0;
  for (const p of await processTree(pid)) {
    for (const fd of await readdir(`/proc/${p}/fd`).catch(() => [] as string[])) {
      const target = await readlink(`/proc/${p}/fd/${fd}`).catch(() => "");
      if (target.startsWith(dir)) n++;
    }
  }
  return n;
}

async function main(): Promise<void> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), "maskboard-reliability-"));
  let pg: PostgresCluster | undefined;
  let redis: RedisServer | undefined;
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    log(`  ${line}`);
  };
  try {
    [pg, redis] = await Promise.all([
      startPostgresCluster({ dir: path.join(runDir, "pg") }),
      startRedisServer({ dir: path.join(runDir, "redis") }),
    ]);
    const pgServer = pg;
    const redisServer = redis;
    const databaseUrl = await pg.createDatabase("maskboard", { migrate: true });
    const dataDir = path.join(runDir, "data");
    const holdDir = path.join(runDir, "hold");
    const tmp = path.join(dataDir, "tmp");
    await mkdir(holdDir, { recursive: true });
    await mkdir(path.join(runDir, "tmp"), { recursive: true });
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      BULLMQ_PREFIX: "reliability",
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
      NEXT_TELEMETRY_DISABLED: "1",
      TMPDIR: path.join(runDir, "tmp"),
    };
    Object.assign(process.env, env); // lib/config reads the environment when first imported: only now
    const { prisma } = await import("@/lib/db");
    const { createApiToken } = await import("@/lib/auth/tokens");
    const { closeQueueConnections } = await import("@/lib/queue");
    const { seedDemo, DEMO_CHALLENGE_SLUG } = await import("../../prisma/seed");
    const { organizerId } = await seedDemo(prisma);
    const { token } = await createApiToken(organizerId, "reliability");
    const results = JSON.parse(await readFile(path.join(REPO_ROOT, "prisma/demo/results-strong.json"), "utf8")) as { score: number }[];
    let serial = 0;
    /** A distinct results file (storage keys are content hashes); `copies` repeats every detection. */
    const variant = (copies = 1) => {
      serial++;
      return JSON.stringify(
        Array.from({ length: copies }, (_, k) =>
          results.map((d) => ({ ...d, score: d.score * (1 - serial * 1e-6) * (1 - k * 1e-3) })),
        ).flat(),
      );
    };
    const submissionsUrl = `${baseUrl}/api/v1/challenges/${DEMO_CHALLENGE_SLUG}/phases/dev/submissions`;
    const post = async (form: FormData, timeoutMs = 300_000) => {
      const t0 = performance.now();
      const res = await fetch(submissionsUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
      return { status: res.status, ms: performance.now() - t0, id: json.id, code: json.error?.code };
    };
    const uploadForm = (content: string) => {
      const form = new FormData();
      form.set("file", new Blob([content], { type: "application/json" }), "results.json");
      return form;
    };
    /** Retries a query while Postgres is coming back. */
    const query = <T>(run: () => Promise<T>) =>
      until("the database answers", 120_000, async () => ({ value: await run() })).then((r) => r.value);
    const ended = (ids: string[], timeoutMs: number) =>
      until(`submissions ${ids.join(", ")} to end`, timeoutMs, async () => {
        const rows = await prisma.submission.findMany({ where: { id: { in: ids } }, select: { status: true } });
        return rows.length === ids.length && rows.every((r) => !["QUEUED", "RUNNING"].includes(r.status)) ? rows : null;
      });

    // Each job holds after its claim until released (WORKER_TEST_HOLD_DIR): the releaser lets every
    // held job go and counts the claims per submission (an evaluation started) while it runs.
    const starts = new Map<string, number>();
    let releasing = true;
    let stopped = false;
    const releaser = (async () => {
      while (!stopped) {
        if (releasing)
          for (const f of (await readdir(holdDir)).filter((n) => n.endsWith(".held"))) {
            const id = f.slice(0, -".held".length);
            await writeFile(path.join(holdDir, `${id}.release`), "");
            await unlink(path.join(holdDir, f)).catch(() => undefined);
            starts.set(id, (starts.get(id) ?? 0) + 1);
          }
        await sleep(20);
      }
    })();

    log("building the app (reused while the sources are unchanged) ...");
    const distDir = await ensureTestBuild();
    const web = start("web", [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      PORT: String(port),
    });
    const worker = start("worker", ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "worker/index.ts")], {
      WATCHDOG_INTERVAL_MS: "5000",
      WORKER_TEST_HOLD_DIR: holdDir,
    });
    try {
      await until("the web server", 180_000, async () => (await fetch(`${baseUrl}/api/health`)).status < 500);
      // The demo's own submissions scored first: the worker is warm and idle.
      const demo = (await prisma.submission.findMany({ select: { id: true } })).map((s) => s.id);
      await ended(demo, 300_000);

      // 1. Redis down.
      if (ONLY.has(1)) {
        log(`1. uploads during a ${OUTAGE_S} s Redis outage ...`);
        await redisServer.stop();
        const downAt = Date.now();
        const first = post(uploadForm(variant()));
        await sleep((OUTAGE_S * 1000) / 2);
        const second = post(uploadForm(variant()));
        const answers = await Promise.all([first, second]);
        await sleep(Math.max(0, downAt + OUTAGE_S * 1000 - Date.now()));
        await redisServer.start();
        const backAt = Date.now();
        const ids = answers.flatMap((a) => (a.id ? [a.id] : []));
        const outcome = ids.length ? await ended(ids, 600_000).then((rows) => rows.map((r) => r.status).join(", ")) : "no id";
        report(
          `upload answer during a ${OUTAGE_S} s Redis outage: ${answers.map((a) => `${(a.ms / 1000).toFixed(2)} s (${a.status})`).join(", ")}; ` +
            `then ${outcome}, ${((Date.now() - backAt) / 1000).toFixed(1)} s after Redis was back`,
        );
      }

      // 2. Aborted uploads.
      if (ONLY.has(2)) {
        log("2. six uploads aborted halfway ...");
        for (let i = 0; i < 6; i++) {
          const boundary = `----reliability-${randomBytes(6).toString("hex")}`;
          const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\nContent-Type: application/json\r\n\r\n[`;
          const socket = net.connect(port, "127.0.0.1");
          await once(socket, "connect");
          socket.write(
            `POST /api/v1/challenges/${DEMO_CHALLENGE_SLUG}/phases/dev/submissions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
              `Authorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${14 * MiB}\r\n\r\n${head}`,
          );
          const chunk = Buffer.alloc(MiB, 0x20);
          for (let m = 0; m < 7; m++) if (!socket.write(chunk)) await once(socket, "drain");
          // Aborted once the server is writing the part file.
          await until("the upload's part file", 30_000, async () => {
            for (const name of await readdir(tmp).catch(() => [] as string[]))
              if ((await stat(path.join(tmp, name))).size >= MiB) return true;
            return null;
          }).catch(() => undefined);
          socket.destroy();
        }
        const webPid = web.pid!;
        const abortedAt = Date.now();
        const leftovers = async () => {
          const names = await readdir(tmp).catch(() => [] as string[]);
          let bytes = 0;
          for (const n of names) bytes += (await stat(path.join(tmp, n)).catch(() => ({ size: 0 }))).size;
          return { files: names.length, bytes, handles: await handlesUnder(webPid, dataDir) };
        };
        const clean = await until("no leftovers", 15_000, async () => {
          const l = await leftovers();
          return l.files === 0 && l.handles === 0 ? l : null;
        }).catch(() => null);
        const left = clean ?? (await leftovers());
        report(
          `after 6 aborted uploads: ${left.files} file(s) (${(left.bytes / MiB).toFixed(1)} MiB) left in DATA_DIR/tmp, ${left.handles} handle(s) into DATA_DIR ` +
            `(${clean ? `clean ${((Date.now() - abortedAt) / 1000).toFixed(1)} s after the last abort` : "still there 15 s after the last abort"})`,
        );
      }

      // 3. Error answer times.
      if (ONLY.has(3)) {
        log("3. error answers ...");
        const noFile = new FormData();
        noFile.set("description", "no file here");
        const missing = await post(noFile, 60_000);
        await rm(tmp, { recursive: true, force: true });
        await writeFile(tmp, "not a folder");
        const unwritable = await post(uploadForm(variant()), 60_000);
        await rm(tmp, { force: true });
        await mkdir(tmp, { recursive: true });
        report(
          `error answers: no file field ${(missing.ms / 1000).toFixed(2)} s (${missing.status} ${missing.code}); ` +
            `unwritable storage ${(unwritable.ms / 1000).toFixed(2)} s (${unwritable.status} ${unwritable.code})`,
        );
      }

      // 4. Postgres restarts as the scores are written.
      if (ONLY.has(4)) {
        log(`4. Postgres down 0.5 s during the score write (${BLIPS} runs) ...`);
        const blips: string[] = [];
        for (let b = 0; b < BLIPS; b++) {
          const { id } = await post(uploadForm(variant(40)));
          if (!id) throw new Error("the upload was refused");
          // The last stage (accumulating) ends with the score write: restart Postgres as it starts.
          const hit = await until("the accumulating stage", 300_000, async () => {
            const row = await prisma.submission.findUnique({ where: { id }, select: { status: true, progressStage: true } });
            return row && (row.progressStage === "accumulating" || !["QUEUED", "RUNNING"].includes(row.status) ? row : null);
          });
          if (hit.status !== "RUNNING") {
            blips.push(`missed (${hit.status.toLowerCase()} first)`);
            continue;
          }
          const t0 = Date.now();
          await pgServer.restart({ downMs: 500 });
          const down = Date.now() - t0;
          const [row] = await query(() => ended([id], 600_000));
          blips.push(`${starts.get(id) ?? 0} start(s), ${row.status.toLowerCase()} (down ${(down / 1000).toFixed(1)} s)`);
        }
        report(`evaluations per submission with Postgres restarted during the score write: ${blips.join("; ")}`);
      }

      // 5. FLUSHALL.
      if (ONLY.has(5)) {
        log("5. FLUSHALL with 4 submissions queued or running ...");
        releasing = false;
        const flushed: string[] = [];
        for (let i = 0; i < 4; i++) {
          const { id } = await post(uploadForm(variant()));
          if (id) flushed.push(id);
        }
        await until("a job held by the worker", 120_000, async () => (await readdir(holdDir)).some((f) => f.endsWith(".held")));
        const flushAt = Date.now();
        await redisServer.command(["FLUSHALL"]);
        releasing = true;
        const rows = await ended(flushed, 600_000);
        report(
          `FLUSHALL with ${flushed.length} submissions queued or running (WATCHDOG_INTERVAL_MS=5000): all ended ` +
            `(${rows.map((r) => r.status.toLowerCase()).join(", ")}) ${((Date.now() - flushAt) / 1000).toFixed(1)} s later`,
        );
      }
    } finally {
      stopped = true;
      await releaser;
      for (const c of [worker, web]) c.kill("SIGTERM");
      await Promise.all([worker, web].map((c) => (c.exitCode === null && c.signalCode === null ? once(c, "exit") : Promise.resolve())));
      await closeQueueConnections();
      await prisma.$disconnect();
    }
  } finally {
    for (const c of children) c.kill("SIGKILL");
    await Promise.all([pg?.dispose(), redis?.dispose()]);
    await rm(runDir, { recursive: true, force: true });
  }
  log(
    `\nload average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  for (const line of lines) log(line);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const c of children) c.kill("SIGKILL");
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
