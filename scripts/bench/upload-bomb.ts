// `npm run bench:bomb`: what a compression bomb costs the web process (issue 11, item 2). Uploads small
// .json.gz files that expand enormously to a production server (`next start`, no worker) and reports,
// per bomb: the web process's CPU time and peak RSS, the upload's answer, and the latency of
// `GET /c/<challenge>` measured back to back while the upload is handled (baseline: before it).
//   zeros:  204 KB gzip of a 200 MB `[0,0,...]`      string: 306 KB gzip of one 300 MB string `["aaa..."]`
//   BENCH_BOMBS=zeros,string  which to run    BENCH_PORT=3302  port of the server
// Uses its own database (maskboard_bench_bomb), Redis prefix and DATA_DIR (bench-data/bomb-data); each bomb
// gets a fresh server so its peak RSS is its own.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import zlib from "node:zlib";
import { REPO_ROOT, applyMigrations } from "../lib/schema-engine";
import { ensureTestBuild } from "../lib/next-build";
import { BENCH_DIR } from "./bench-data";

const MB = 1024 * 1024;
const port = Number(process.env.BENCH_PORT ?? 3302);
const baseUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/maskboard_bench_bomb";
const dataDir = path.join(BENCH_DIR, "bomb-data");
const benchEnv = {
  DATABASE_URL: databaseUrl,
  BULLMQ_PREFIX: "mbbench_bomb",
  DATA_DIR: dataDir,
  NEXTAUTH_URL: baseUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(24).toString("hex"),
  NEXT_TELEMETRY_DISABLED: "1",
};
Object.assign(process.env, benchEnv); // before lib/config is imported below

const log = (line: string) => console.log(line);

type Bomb = { name: string; file: string; describe: string };

/** Writes `[`, `repeat` copies of `unit` and `]` through gzip -9, once (kept under bench-data/). */
async function ensureGzip(name: string, head: string, unit: string, repeat: number, tail: string): Promise<string> {
  const out = path.join(BENCH_DIR, `bomb-${name}.json.gz`);
  if (existsSync(out)) return out;
  log(`writing ${out} ...`);
  mkdirSync(BENCH_DIR, { recursive: true });
  const gzip = zlib.createGzip({ level: 9 });
  const file = createWriteStream(out);
  gzip.pipe(file);
  const block = unit.repeat(Math.max(1, Math.floor(MB / unit.length)));
  const perBlock = block.length / unit.length;
  gzip.write(head);
  for (let written = 0; written < repeat; written += perBlock) {
    if (!gzip.write(written + perBlock <= repeat ? block : unit.repeat(repeat - written))) await once(gzip, "drain");
  }
  gzip.end(tail);
  await once(file, "finish");
  return out;
}

async function bombs(): Promise<Bomb[]> {
  const wanted = (process.env.BENCH_BOMBS ?? "zeros,string").split(",");
  const all: Bomb[] = [];
  if (wanted.includes("zeros")) {
    const file = await ensureGzip("zeros-200mb", "[", "0,", 100 * MB - 1, "0]");
    all.push({ name: "zeros", file, describe: "200 MB [0,0,...]" });
  }
  if (wanted.includes("string")) {
    const file = await ensureGzip("string-300mb", '["', "a", 300 * MB, '"]');
    all.push({ name: "string", file, describe: "one 300 MB string" });
  }
  return all;
}

/** The process and its descendants. */
async function tree(pid: number): Promise<number[]> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => ""))
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...(await Promise.all(children.map(tree))).flat()];
}

/** CPU seconds (user + system) used so far by the process tree. */
async function cpuSeconds(pid: number): Promise<number> {
  const ticksPerSecond = 100;
  let ticks = 0;
  for (const p of await tree(pid)) {
    const stat = await readFile(`/proc/${p}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime
  }
  return ticks / ticksPerSecond;
}

/** Peak resident set (VmHWM) of the process tree, in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  let kb = 0;
  for (const p of await tree(pid)) {
    const status = await readFile(`/proc/${p}/status`, "utf8").catch(() => "");
    kb += Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

function multipart(file: string, filename: string): { body: Buffer; contentType: string } {
  const boundary = `----maskboard-bomb-${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/gzip\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), readFileSync(file), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Milliseconds to load `url`; a failed load (reset, non-200) counts as its time too, and is logged. */
async function timedGet(url: string): Promise<number> {
  const t = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    if (res.status !== 200) log(`GET ${url} answered ${res.status}`);
  } catch (e) {
    log(`GET ${url} failed: ${(e as Error).message}`);
  }
  return performance.now() - t;
}

function startWeb(distDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, PORT: String(port) }, stdio: "pipe" },
  );
  child.stdout.on("data", (d) => process.env.BENCH_VERBOSE && process.stdout.write(`[web] ${d}`));
  child.stderr.on("data", (d) => process.env.BENCH_VERBOSE && process.stderr.write(`[web] ${d}`));
  return child;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${baseUrl}/api/health`).then(
      () => true, // 503 too: no worker runs here
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error("the web server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const list = await bombs();
  await rm(dataDir, { recursive: true, force: true });
  await applyMigrations(databaseUrl);
  const { seedBenchPhase } = await import("./upload-seed");
  const phase = await seedBenchPhase(path.join(REPO_ROOT, "prisma/demo/ground-truth.json"), "bomb");
  const pageUrl = `${baseUrl}/c/${phase.challengeSlug}`;
  const uploadUrl = `${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`;

  log("building the app (reused while the sources are unchanged) ...");
  const distDir = await ensureTestBuild();
  const report: Record<string, unknown> = {};
  for (const bomb of list) {
    const web = startWeb(distDir);
    try {
      await waitForHealth();
      for (let i = 0; i < 5; i++) await timedGet(pageUrl); // warm up the page
      const idle: number[] = [];
      for (let i = 0; i < 10; i++) idle.push(await timedGet(pageUrl));
      const cpuBefore = await cpuSeconds(web.pid!);
      const rssBefore = await peakRssMiB(web.pid!);

      const { body, contentType } = multipart(bomb.file, path.basename(bomb.file));
      let uploading = true;
      const during: number[] = [];
      const pinger = (async () => {
        while (uploading) during.push(await timedGet(pageUrl));
      })();
      const started = performance.now();
      const res = await fetch(uploadUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${phase.token}`, "content-type": contentType },
        body: new Uint8Array(body),
      });
      const answer = (await res.json()) as { status?: string; error?: { code?: string } | null; code?: string };
      const answeredMs = performance.now() - started;
      uploading = false;
      await pinger;
      const cpu = (await cpuSeconds(web.pid!)) - cpuBefore;
      const rssPeak = await peakRssMiB(web.pid!);
      const sorted = [...during].sort((a, b) => a - b);
      const idleSorted = [...idle].sort((a, b) => a - b);
      report[bomb.name] = {
        bomb: `${(statSync(bomb.file).size / 1024).toFixed(0)} KiB gzip of ${bomb.describe}`,
        answer: `${res.status} ${answer.status ?? ""} ${answer.error?.code ?? answer.code ?? ""}`.trim(),
        answeredAfterSeconds: +(answeredMs / 1000).toFixed(2),
        webCpuSeconds: +cpu.toFixed(2),
        webPeakRssMiB: { beforeUpload: Math.round(rssBefore), duringUpload: Math.round(rssPeak) },
        pageLatencyMs: {
          idleMedian: +quantile(idleSorted, 0.5).toFixed(1),
          duringUploadRequests: during.length,
          duringUploadMedian: +quantile(sorted, 0.5).toFixed(1),
          duringUploadMax: +(sorted.at(-1) ?? NaN).toFixed(1),
        },
      };
      log(`${bomb.name}: ${JSON.stringify(report[bomb.name])}`);
    } finally {
      web.kill("SIGTERM");
      await once(web, "exit");
    }
  }
  log(JSON.stringify(report, null, 2));
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
