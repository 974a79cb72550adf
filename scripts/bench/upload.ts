// `npm run bench:upload`: uploads a large results file (700 MB by default, generated once under
// bench-data/, never committed) over HTTP to a production server (`next start`) with a real worker,
// and reports upload throughput, evaluation time and the peak RSS of the web and worker processes.
// Also times the small demo case (prisma/demo) end to end.
//   BENCH_UPLOAD_MB=700  size of the generated file     BENCH_PORT=3301  port of the server
// Uses its own database (maskboard_bench_upload), Redis prefix and DATA_DIR (bench-data/upload-data).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { REPO_ROOT, applyMigrations } from "../lib/schema-engine";
import { ensureTestBuild } from "../lib/next-build";
import { BENCH_DIR, ensureBenchData } from "./bench-data";
import { ensureLargeResults } from "./large-results";

const MB = 1024 * 1024;
const targetBytes = Number(process.env.BENCH_UPLOAD_MB ?? 700) * MB;
const port = Number(process.env.BENCH_PORT ?? 3301);
const baseUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/maskboard_bench_upload";
const dataDir = path.join(BENCH_DIR, "upload-data");
const benchEnv = {
  DATABASE_URL: databaseUrl,
  BULLMQ_PREFIX: "mbbench_upload",
  DATA_DIR: dataDir,
  NEXTAUTH_URL: baseUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(24).toString("hex"), // production mode requires one
  NEXT_TELEMETRY_DISABLED: "1",
};
Object.assign(process.env, benchEnv); // before lib/config is imported below

const log = (line: string) => console.log(line);
/** The part of GET /api/v1/submissions/:id this benchmark reads. */
type SubmissionJson = { status: string; error?: unknown; scores: { public: { stats: number[] } } };

/** Peak resident set (VmHWM) of a process and its descendants, in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const own = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => ""))
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  const rest = await Promise.all(children.map(peakRssMiB));
  return own + rest.reduce((a, b) => a + b, 0);
}

function start(name: string, args: string[], extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => process.env.BENCH_VERBOSE && process.stdout.write(`[${name}] ${d}`));
  child.stderr.on("data", (d) => process.stderr.write(`[${name}] ${d}`));
  return child;
}

/** A streamed multipart/form-data body with the file as field "file"; `sent` resolves when its last byte was read. */
function multipartBody(file: string, filename: string): { body: ReadableStream<Uint8Array>; contentType: string; sent: Promise<number> } {
  const boundary = `----maskboard-bench-${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let markSent: (t: number) => void = () => undefined;
  const sent = new Promise<number>((resolve) => (markSent = resolve));
  async function* parts() {
    yield head;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
    yield tail;
    markSent(performance.now());
  }
  const iterator = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, sent };
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

async function main() {
  const { gtPath, resultsPath } = await ensureBenchData(log);
  const largePath = await ensureLargeResults(resultsPath, BENCH_DIR, targetBytes, log);
  await rm(dataDir, { recursive: true, force: true });
  await applyMigrations(databaseUrl);

  const { seedBenchPhase } = await import("./upload-seed");
  const big = await seedBenchPhase(gtPath, "coco-scale");
  const demo = await seedBenchPhase(path.join(REPO_ROOT, "prisma/demo/ground-truth.json"), "demo");

  log("building the app (reused while the sources are unchanged) ...");
  const distDir = await ensureTestBuild();
  const web = start("web", [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    PORT: String(port),
  });
  const worker = start("worker", ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "worker/index.ts")], {});
  try {
    await waitFor("the web server", 90_000, async () => ((await fetch(`${baseUrl}/api/health`)).status < 500 ? true : null));

    const upload = async (phase: typeof big, file: string, name: string) => {
      const { body, contentType, sent } = multipartBody(file, name);
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
        method: "POST",
        headers: { authorization: `Bearer ${phase.token}`, "content-type": contentType },
        body,
        duplex: "half",
      } as RequestInit);
      const answered = performance.now();
      const json = (await res.json()) as { id: string };
      if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(json)}`);
      // The server answers after its pre-queue validation: report the transfer and that check apart.
      const transferred = await sent;
      return { id: json.id, seconds: (transferred - started) / 1000, answerSeconds: (answered - started) / 1000 };
    };
    const finish = (phase: typeof big, id: string, timeoutMs: number) =>
      waitFor(`submission ${id}`, timeoutMs, async () => {
        const s = (await (
          await fetch(`${baseUrl}/api/v1/submissions/${id}`, { headers: { authorization: `Bearer ${phase.token}` } })
        ).json()) as SubmissionJson;
        if (s.status === "FAILED" || s.status === "CANCELLED") throw Object.assign(new Error(JSON.stringify(s.error)), { fatal: true });
        return s.status === "FINISHED" ? s : null;
      });

    const demoStart = performance.now();
    const demoUpload = await upload(demo, path.join(REPO_ROOT, "prisma/demo/results-strong.json"), "results-strong.json");
    const demoDone = await finish(demo, demoUpload.id, 120_000);
    const demoSeconds = (performance.now() - demoStart) / 1000;

    const bytes = statSync(largePath).size;
    log(`uploading ${(bytes / MB).toFixed(0)} MiB ...`);
    const bigUpload = await upload(big, largePath, "results.json");
    const evalStart = performance.now();
    const bigDone = await finish(big, bigUpload.id, 60 * 60_000);
    const evalSeconds = (performance.now() - evalStart) / 1000;
    const [webRss, workerRss] = await Promise.all([peakRssMiB(web.pid!), peakRssMiB(worker.pid!)]);

    const report = {
      demoCase: { uploadToFinishedSeconds: +demoSeconds.toFixed(2), publicAP: demoDone.scores.public.stats[0] },
      largeFile: {
        mebibytes: +(bytes / MB).toFixed(1),
        uploadSeconds: +bigUpload.seconds.toFixed(2),
        uploadMiBPerSecond: +(bytes / MB / bigUpload.seconds).toFixed(1),
        answeredAfterSeconds: +bigUpload.answerSeconds.toFixed(2),
        queuedToFinishedSeconds: +evalSeconds.toFixed(1),
        publicAP: bigDone.scores.public.stats[0],
      },
      peakRssMiB: { web: Math.round(webRss), worker: Math.round(workerRss) },
    };
    log(JSON.stringify(report, null, 2));
  } finally {
    web.kill("SIGTERM");
    worker.kill("SIGTERM");
    await Promise.all([once(web, "exit"), once(worker, "exit")]);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
