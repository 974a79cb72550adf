// npm run bench:eval — the evaluator at COCO val scale (5,000 images, ~37k instances, ~480k RLE
// detections, ~110 MB). Prints the CLI's stage timings and peak memory, and the ratio of the CLI's
// whole wall time (spawned: start-up, ground truth, results, evaluation) to what reading and
// JSON.parse of the same results file alone take in this run. Targets: ratio <= 4, RSS <= 1 GiB.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseJsonArrayStream, readSourceChunks } from "@/lib/coco";
import { ensureBenchData } from "./bench-data";

const RATIO_TARGET = 4;
const RSS_TARGET_MIB = 1024;
const root = path.resolve(import.meta.dirname, "../..");

type Seconds = { wall: number; cpu: number };

function readAndParseSeconds(file: string): Seconds {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown[];
  if (!Array.isArray(parsed)) throw new Error(`${file} is not an array`);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** lib/coco's streaming parser alone (what parseResultsFile adds validation to). */
async function streamParseSeconds(file: string): Promise<Seconds> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const batches: unknown[][] = [];
  for await (const batch of parseJsonArrayStream(readSourceChunks(file))) batches.push(batch);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function runCli(args: string[]): Promise<{ seconds: number; stdout: string; stderr: string; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/eval-cli.mjs"), ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr, code }));
  });
}

const { gtPath, resultsPath } = await ensureBenchData((line) => console.log(line));
const resultsBytes = fs.statSync(resultsPath).size;

// Warm the page cache and the CLI bundle so neither run pays for a cold disk or a rebuild.
readAndParseSeconds(resultsPath);
await runCli(["--help"]);

const runs = [readAndParseSeconds(resultsPath), readAndParseSeconds(resultsPath)];
const baseline = { wall: Math.min(...runs.map((r) => r.wall)), cpu: Math.min(...runs.map((r) => r.cpu)) };
const streamed = [await streamParseSeconds(resultsPath), await streamParseSeconds(resultsPath)];
const streaming = { wall: Math.min(...streamed.map((r) => r.wall)), cpu: Math.min(...streamed.map((r) => r.cpu)) };
const cli = await runCli(["--gt", gtPath, "--dt", resultsPath, "--json", "--timings"]);
if (cli.code !== 0) {
  console.error(cli.stderr);
  process.exit(1);
}
const stats = (JSON.parse(cli.stdout) as { stats: number[] }).stats;
const rssMiB = Number(/peak RSS\s+(\d+) MiB/.exec(cli.stderr)?.[1]);
const cliCpu = Number(/cpu \(user\+sys\)\s+([\d.]+) s/.exec(cli.stderr)?.[1]);
const ratio = cli.seconds / baseline.wall;

console.log(`results file: ${path.relative(root, resultsPath)}, ${(resultsBytes / 1024 ** 2).toFixed(1)} MiB`);
console.log(`AP ${stats[0].toFixed(3)}  AP50 ${stats[1].toFixed(3)}  AR100 ${stats[8].toFixed(3)}`);
console.log("");
console.log("CLI stages (in the spawned process):");
console.log(cli.stderr.trimEnd().replace(/^/gm, "  "));
console.log("");
console.log(`read + JSON.parse of the results file alone: ${baseline.wall.toFixed(3)} s wall, ${baseline.cpu.toFixed(3)} s cpu`);
console.log(`lib/coco streaming parser, same file:         ${streaming.wall.toFixed(3)} s wall, ${streaming.cpu.toFixed(3)} s cpu`);
console.log(`CLI (spawned, start-up included):            ${cli.seconds.toFixed(3)} s wall, ${cliCpu.toFixed(3)} s cpu`);
console.log(`ratio ${ratio.toFixed(2)} (target <= ${RATIO_TARGET}): ${ratio <= RATIO_TARGET ? "OK" : "OVER"}`);
// On a shared machine wall times swing with the load; the cpu ratio is the steadier figure.
console.log(`cpu ratio ${(cliCpu / baseline.cpu).toFixed(2)} (same target, for a loaded machine)`);
console.log(`peak RSS ${rssMiB} MiB (target <= ${RSS_TARGET_MIB}): ${rssMiB <= RSS_TARGET_MIB ? "OK" : "OVER"}`);
