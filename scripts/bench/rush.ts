// `npm run bench:rush`: the final-day rush. TEAMS teams x SUBMISSIONS submissions of the bench case,
// plus one big file, all arriving at once over HTTP at a production server (`next start`), scored by
// 1, 2 and 4 worker processes in turn. Per worker count it prints: throughput (submissions per minute,
// and against cores x the single-job rate measured with one worker), p50/p95 queue wait and time to
// score of the small files (all of them, and those that arrived while the big one was being
// evaluated), the big file's time to score, peak RSS per worker process, and the leaderboard page's
// p50/p95 while the rush runs (sequential anonymous GETs).
//
// Sizes (env; BENCH_RUSH_SCALE=small picks a quick run's defaults):
//   BENCH_RUSH_TEAMS          20 (small: 4)       teams, each uploading BENCH_RUSH_SUBMISSIONS files
//   BENCH_RUSH_SUBMISSIONS    10 (small: 3)
//   BENCH_RUSH_IMAGES         5000 (small: 300)   images of the synthetic case (5000: bench-data's COCO-scale case)
//   BENCH_RUSH_BIG_MB         2048 (small: 48)    the big file: the case's results repeated to this size
//   BENCH_RUSH_WORKERS        1,2,4               worker processes per round
//   BENCH_RUSH_UPLOADS        8                   uploads in flight at once
//   BENCH_PORT                3311
// Worker settings pass through (WORKER_CONCURRENCY, LARGE_JOB_MIN_MB, SHARD_MIN_MB, ...); the small
// scale lowers LARGE_JOB_MIN_MB/SHARD_MIN_MB/SHARD_TARGET_MB (16/32/16) so its big file takes the same path.
// Own database (maskboard_bench_rush, or BENCH_DATABASE_URL), Redis prefix (mbbench_rush) and DATA_DIR
// (bench-data/rush-data, removed afterwards). Generated cases are cached in bench-data/.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, applyMigrations } from "../lib/schema-engine";
import { ensureTestBuild } from "../lib/next-build";
import { COCO_CATEGORY_NAMES } from "../synth/coco-categories";
import { generateGroundTruth } from "../synth/ground-truth";
import { generateResults } from "../synth/results";
import { writeJsonArray } from "../synth/write-json";
import { BENCH_DIR, ensureBenchData } from "./bench-data";
import { ensureLargeResults } from "./large-results";

const MiB = 1024 * 1024;
const small = process.env.BENCH_RUSH_SCALE === "small";
const num = (name: string, full: number, quick: number) => Number(process.env[name] ?? (small ? quick : full));
const TEAMS = num("BENCH_RUSH_TEAMS", 20, 4);
const PER_TEAM = num("BENCH_RUSH_SUBMISSIONS", 10, 3);
const IMAGES = num("BENCH_RUSH_IMAGES", 5000, 300);
const BIG_MB = num("BENCH_RUSH_BIG_MB", 2048, 48);
const WORKER_COUNTS = (process.env.BENCH_RUSH_WORKERS ?? "1,2,4").split(",").map(Number);
const UPLOADS_IN_FLIGHT = num("BENCH_RUSH_UPLOADS", 8, 8);
const port = Number(process.env.BENCH_PORT ?? 3311);
const baseUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/maskboard_bench_rush";
const dataDir = path.join(BENCH_DIR, "rush-data");
const prefix = "mbbench_rush";
const benchEnv: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  BULLMQ_PREFIX: prefix,
  DATA_DIR: dataDir,
  NEXTAUTH_URL: baseUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(24).toString("hex"), // production mode requires one
  NEXT_TELEMETRY_DISABLED: "1",
  ...(small
    ? {
        LARGE_JOB_MIN_MB: process.env.LARGE_JOB_MIN_MB ?? "16",
        SHARD_MIN_MB: process.env.SHARD_MIN_MB ?? "32",
        SHARD_TARGET_MB: process.env.SHARD_TARGET_MB ?? "16",
      }
    : {}),
};
Object.assign(process.env, benchEnv); // before lib/config is imported below

const log = (line: string) => console.log(line);

/** The case's ground truth and one results file: bench-data's COCO-scale case, or a smaller one generated once. */
async function ensureCase(): Promise<{ gtPath: string; resultsPath: string }> {
  if (IMAGES === 5000) return ensureBenchData(log);
  const dir = path.join(BENCH_DIR, `rush-case-${IMAGES}`);
  const gtPath = path.join(dir, "gt.json");
  const resultsPath = path.join(dir, "results.json");
  if (existsSync(gtPath) && existsSync(resultsPath)) return { gtPath, resultsPath };
  await mkdir(dir, { recursive: true });
  log(`generating a ${IMAGES}-image case (once; cached in ${dir}) ...`);
  const { gt, objects } = generateGroundTruth({
    seed: 20261203,
    images: IMAGES,
    imageSizes: [
      [640, 480],
      [480, 640],
      [640, 427],
    ],
    categories: COCO_CATEGORY_NAMES,
    instancesPerImage: 7.2,
    crowdRegions: Math.ceil(IMAGES / 11),
  });
  await writeFile(gtPath, JSON.stringify(gt));
  const results = generateResults(gt, objects, {
    seed: 7,
    recall: 0.85,
    noise: 0.35,
    duplicates: 0.2,
    falsePositivesPerImage: 100,
    wrongClass: 0.1,
    maxPerImage: 100,
  });
  await writeJsonArray(resultsPath, results);
  return { gtPath, resultsPath };
}

/** Peak resident set (VmHWM) of a process (its evaluation threads included), in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

function start(name: string, args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => process.env.BENCH_VERBOSE && process.stdout.write(`[${name}] ${d}`));
  child.stderr.on("data", (d) => process.env.BENCH_VERBOSE && process.stderr.write(`[${name}] ${d}`));
  return child;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** POSTs a results file as a streamed multipart body; resolves with the submission id. */
async function upload(slug: string, token: string, file: string): Promise<string> {
  const boundary = `----maskboard-rush-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="results.json"\r\nContent-Type: application/json\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts() {
    yield head;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
    yield tail;
  }
  const iterator = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  const res = await fetch(`${baseUrl}/api/v1/challenges/${slug}/phases/test/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit);
  const json = (await res.json()) as { id?: string };
  if (res.status !== 202 || !json.id) throw new Error(`upload answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.id;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const s1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");

type Round = {
  workers: number;
  submissions: number;
  failed: number;
  wallSeconds: number;
  perMinute: number;
  smallProcessingSeconds: number;
  wait: { p50: number; p95: number };
  toScore: { p50: number; p95: number };
  duringBig: { n: number; waitP95: number; toScoreP50: number; toScoreP95: number };
  bigSeconds: number;
  rssMiB: number[];
  leaderboard: { n: number; p50: number; p95: number };
};

async function main(): Promise<void> {
  const { gtPath, resultsPath } = await ensureCase();
  const bigPath = await ensureLargeResults(resultsPath, path.join(BENCH_DIR, `rush-big-${IMAGES}`), BIG_MB * MiB, log);
  const smallBytes = statSync(resultsPath).size;
  const bigBytes = statSync(bigPath).size;
  await rm(dataDir, { recursive: true, force: true });
  await applyMigrations(databaseUrl);
  const { seedRushChallenge } = await import("./rush-seed");
  const { prisma } = await import("@/lib/db");
  const { getRedis, closeQueueConnections } = await import("@/lib/queue");

  log(
    `case: ${IMAGES} images; ${TEAMS} teams x ${PER_TEAM} files of ${(smallBytes / MiB).toFixed(1)} MiB + 1 file of ${(bigBytes / MiB).toFixed(0)} MiB`,
  );
  log("building the app (reused while the sources are unchanged) ...");
  const distDir = await ensureTestBuild();
  const web = start("web", [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    PORT: String(port),
  });
  const rounds: Round[] = [];
  try {
    // Any answer: /api/health may say 503 (e.g. no worker yet) while the server itself is up.
    await waitFor("the web server", 180_000, async () => ((await fetch(`${baseUrl}/api/health`)).status > 0 ? true : null));
    for (const workerCount of WORKER_COUNTS) {
      // A clean queue per round: the previous round's finished jobs and heartbeats go.
      const redis = getRedis();
      for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
      const rush = await seedRushChallenge(gtPath, TEAMS + 1, PER_TEAM, Math.max(2 * 1024 ** 3, bigBytes + MiB));
      const workers = Array.from({ length: workerCount }, (_, w) =>
        start(`worker-${w}`, ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "worker/index.ts")]),
      );
      const output = workers.map(() => "");
      workers.forEach((w, i) => w.stdout!.on("data", (d) => (output[i] += String(d))));
      try {
        await waitFor("the workers", 180_000, async () => (output.every((o) => / ready: /.test(o)) ? true : null));
        log(`\n== ${workerCount} worker process(es): uploading ...`);
        const started = Date.now();
        // The rush: the big file first, then every team's files at once (UPLOADS_IN_FLIGHT at a time).
        const bigId = await upload(rush.challengeSlug, rush.tokens[TEAMS], bigPath);
        const jobs = Array.from({ length: TEAMS * PER_TEAM }, (_, k) => rush.tokens[k % TEAMS]);
        const ids: string[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: UPLOADS_IN_FLIGHT }, async () => {
            while (next < jobs.length) {
              const token = jobs[next++];
              ids.push(await upload(rush.challengeSlug, token, resultsPath));
            }
          }),
        );
        log(`   ${ids.length + 1} uploads answered in ${((Date.now() - started) / 1000).toFixed(1)} s; scoring ...`);
        // The leaderboard page while the rush is being scored.
        const pageTimes: number[] = [];
        let rushing = true;
        const reader = (async () => {
          while (rushing) {
            const t0 = performance.now();
            const res = await fetch(`${baseUrl}/c/${rush.challengeSlug}/leaderboard`);
            await res.arrayBuffer();
            if (res.status === 200) pageTimes.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 200));
          }
        })();
        const all = [bigId, ...ids];
        const rssPeak = workers.map(() => 0);
        await waitFor("every submission to end", 6 * 3600_000, async () => {
          for (const [i, w] of workers.entries()) rssPeak[i] = Math.max(rssPeak[i], await peakRssMiB(w.pid!));
          const open = await prisma.submission.count({ where: { id: { in: all }, status: { in: ["QUEUED", "RUNNING"] } } });
          return open === 0 ? true : null;
        });
        rushing = false;
        await reader;
        for (const [i, w] of workers.entries()) rssPeak[i] = Math.max(rssPeak[i], await peakRssMiB(w.pid!));
        const rows = await prisma.submission.findMany({
          where: { id: { in: all } },
          select: { id: true, status: true, createdAt: true, startedAt: true, finishedAt: true },
        });
        const seconds = (a: Date | null, b: Date | null) => (a && b ? (b.getTime() - a.getTime()) / 1000 : NaN);
        const big = rows.find((r) => r.id === bigId)!;
        const smalls = rows.filter((r) => r.id !== bigId && r.status === "FINISHED");
        const bigStart = big.startedAt?.getTime() ?? Infinity;
        const bigEnd = big.finishedAt?.getTime() ?? -Infinity;
        // Small files that were waiting or running while the big one was being evaluated.
        const during = smalls.filter((r) => r.createdAt.getTime() < bigEnd && r.finishedAt!.getTime() > bigStart);
        const lastEnd = Math.max(...rows.map((r) => r.finishedAt?.getTime() ?? 0));
        const firstArrival = Math.min(...rows.map((r) => r.createdAt.getTime()));
        const wall = (lastEnd - firstArrival) / 1000;
        rounds.push({
          workers: workerCount,
          submissions: rows.length,
          failed: rows.filter((r) => r.status !== "FINISHED").length,
          wallSeconds: wall,
          perMinute: (rows.length / wall) * 60,
          smallProcessingSeconds: smalls.reduce((t, r) => t + seconds(r.startedAt, r.finishedAt), 0) / Math.max(1, smalls.length),
          wait: {
            p50: percentile(
              smalls.map((r) => seconds(r.createdAt, r.startedAt)),
              50,
            ),
            p95: percentile(
              smalls.map((r) => seconds(r.createdAt, r.startedAt)),
              95,
            ),
          },
          toScore: {
            p50: percentile(
              smalls.map((r) => seconds(r.createdAt, r.finishedAt)),
              50,
            ),
            p95: percentile(
              smalls.map((r) => seconds(r.createdAt, r.finishedAt)),
              95,
            ),
          },
          duringBig: {
            n: during.length,
            waitP95: percentile(
              during.map((r) => seconds(r.createdAt, r.startedAt)),
              95,
            ),
            toScoreP50: percentile(
              during.map((r) => seconds(r.createdAt, r.finishedAt)),
              50,
            ),
            toScoreP95: percentile(
              during.map((r) => seconds(r.createdAt, r.finishedAt)),
              95,
            ),
          },
          bigSeconds: seconds(big.createdAt, big.finishedAt),
          rssMiB: rssPeak,
          leaderboard: { n: pageTimes.length, p50: percentile(pageTimes, 50), p95: percentile(pageTimes, 95) },
        });
        log(`   done: ${JSON.stringify(rounds.at(-1))}`);
      } finally {
        for (const w of workers) w.kill("SIGTERM");
        await Promise.all(workers.map((w) => (w.exitCode === null ? once(w, "exit") : Promise.resolve())));
      }
    }
  } finally {
    web.kill("SIGTERM");
    if (web.exitCode === null) await once(web, "exit");
    const redis = getRedis();
    for (const key of await redis.keys(`${prefix}:*`).catch(() => [] as string[])) await redis.del(key);
    await closeQueueConnections();
    await prisma.$disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }

  // Cores x the single-job rate: one worker's mean time per small file, as measured in the 1-worker round.
  const single = rounds.find((r) => r.workers === 1)?.smallProcessingSeconds;
  const cores = os.availableParallelism();
  log(
    `\nload average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (${cores} cores)`,
  );
  log(
    "workers | subs | failed | wall s | subs/min | vs cores x 1-job rate | small wait p50/p95 s | small to score p50/p95 s | during big: n, wait p95, to score p50/p95 s | big s | peak RSS MiB per worker | leaderboard p50/p95 ms (n)",
  );
  for (const r of rounds) {
    const ideal = single ? (Math.min(r.workers, cores) * 60) / single : NaN;
    log(
      [
        String(r.workers).padStart(7),
        String(r.submissions).padStart(4),
        String(r.failed).padStart(6),
        s1(r.wallSeconds).padStart(6),
        s1(r.perMinute).padStart(8),
        Number.isFinite(ideal) ? `${((r.perMinute / ideal) * 100).toFixed(0)}% of ${s1(ideal)}` : "-",
        `${s1(r.wait.p50)} / ${s1(r.wait.p95)}`,
        `${s1(r.toScore.p50)} / ${s1(r.toScore.p95)}`,
        `${r.duringBig.n}, ${s1(r.duringBig.waitP95)}, ${s1(r.duringBig.toScoreP50)} / ${s1(r.duringBig.toScoreP95)}`,
        s1(r.bigSeconds),
        r.rssMiB.join(" / "),
        `${r.leaderboard.p50.toFixed(0)} / ${r.leaderboard.p95.toFixed(0)} (${r.leaderboard.n})`,
      ].join(" | "),
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
