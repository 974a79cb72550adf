// npm run bench:leaderboard — server response times of the leaderboard pages and API at scale:
// 1,000 teams x 10 submissions x 80 classes (public + private: 20k Score and 1.6M ClassScore rows)
// in its own database, served by the production build (`next start`). Measures p50/p95 over 200
// sequential requests per route after a warm-up. Target: p95 < 150 ms for each.
//
// Env: BENCH_PORT (3509), BENCH_REQUESTS (200), BENCH_SKIP_BUILD=1 to reuse .next-bench,
// BENCH_KEEP_DB=1 to keep the database (and reuse its data on the next run).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { REPO_ROOT, applyMigrations, dropDatabase } from "../lib/schema-engine";
import { seedBenchChallenge } from "./leaderboard-seed";

const TARGET_P95_MS = 150;
const PORT = Number(process.env.BENCH_PORT ?? 3509);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;
const DIST_DIR = ".next-bench";
const SLUG = "bench";
const serverUrl = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = "/maskboard_bench_leaderboard";
  return u.toString();
})();

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not answer at ${url} within 120 s`);
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function measure(url: string): Promise<{ p50: number; p95: number; max: number; bytes: number }> {
  for (let i = 0; i < WARMUP; i++) await (await fetch(url)).arrayBuffer();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], bytes };
}

async function main() {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl }) });
  const keep = process.env.BENCH_KEEP_DB === "1";
  let seeded = false;
  if (keep) {
    await applyMigrations(dbUrl);
    seeded = (await prisma.challenge.count({ where: { slug: SLUG } })) > 0;
  } else {
    await dropDatabase(dbUrl).catch(() => undefined);
    await applyMigrations(dbUrl);
  }
  if (!seeded) {
    const t = performance.now();
    await seedBenchChallenge(prisma, { slug: SLUG, teams: 1000, submissionsPerTeam: 10, classes: 80, withCurves: false });
    console.log(`seeded 1,000 teams x 10 submissions x 80 classes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const counts = await prisma.$queryRaw<{ scores: number; classScores: number }[]>`
    SELECT (SELECT count(*)::int FROM "Score") AS scores, (SELECT count(*)::int FROM "ClassScore") AS "classScores"`;
  console.log(`rows: ${counts[0].scores} Score, ${counts[0].classScores} ClassScore`);
  await prisma.$disconnect();

  const env = {
    ...process.env,
    NEXT_DIST_DIR: DIST_DIR,
    DATABASE_URL: dbUrl,
    NODE_ENV: "production" as const,
    BULLMQ_PREFIX: "mbbench_lb",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-bench-secret-0123456789",
  };
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(`${REPO_ROOT}/${DIST_DIR}/BUILD_ID`)) {
    console.log(`reusing the build in ${DIST_DIR}`);
  } else {
    console.log(`building into ${DIST_DIR} (next build) ...`);
    await run("npx", ["next", "build"], { ...env, MB_SKIP_TYPECHECK: "1" });
  }
  const server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${PORT}`;
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  try {
    await waitForServer(`${base}/c/${SLUG}/leaderboard`, server);
    const routes = {
      "overall page": `/c/${SLUG}/leaderboard?phase=test`,
      "per-class page": `/c/${SLUG}/leaderboard/classes?phase=test`,
      "per-class page sorted by a class": `/c/${SLUG}/leaderboard/classes?phase=test&sort=class:17&dir=desc`,
      "per-class page with a class picked": `/c/${SLUG}/leaderboard/classes?phase=test&category=17`,
      "JSON API": `/api/v1/challenges/${SLUG}/phases/test/leaderboard?split=public&format=json`,
      "JSON API, one class": `/api/v1/challenges/${SLUG}/phases/test/leaderboard?split=public&category=17`,
    };
    for (const [name, route] of Object.entries(routes)) {
      results[name] = await measure(base + route);
      const r = results[name];
      console.log(
        `${name.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(0).padStart(5)} ms  ${(r.bytes / 1024).toFixed(0)} KiB`,
      );
    }
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
  if (!keep) await dropDatabase(dbUrl).catch(() => undefined);
  const failed = Object.entries(results).filter(([, r]) => r.p95 >= TARGET_P95_MS);
  console.log(JSON.stringify({ requests: REQUESTS, targetP95Ms: TARGET_P95_MS, results }, null, 2));
  if (failed.length > 0) {
    console.error(`p95 target (${TARGET_P95_MS} ms) missed by: ${failed.map(([n]) => n).join(", ")}`);
    process.exitCode = 1;
  }
}

await main();
