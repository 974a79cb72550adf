// `npm run bench:shards`: the bench case's results repeated to 2 GiB (beyond V8's string limit) scored
// in 1, 2 and 4 image shards, each step in its own process as the worker's flow runs them (partition,
// one process per shard at once, merge): wall time, total CPU, peak RSS per process, and whether the
// stats equal the single-process ones bit for bit. No database: the steps call lib/sharding and
// lib/eval directly on files (lib/scoring/score-sharded.ts adds the object store and the job flow).
//   --scale 0.25   a quarter of 2 GiB (the machine is shared: say so when you report such figures)
//   --shards 1,2,4
// Files go to bench-data/shards-run/ and are deleted afterwards (the 107 MB base case is kept).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, ensureBenchData } from "./bench-data";
import { ensureLargeResults } from "./large-results";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    shards: { type: "string", default: "1,2,4" },
    step: { type: "string" },
    gt: { type: "string" },
    results: { type: "string" },
    dir: { type: "string" },
    count: { type: "string" },
    shard: { type: "string" },
  },
});
const MiB = 1024 * 1024;

type StepReport = { step: string; wallSeconds: number; cpuSeconds: number; peakRssMiB: number; stats?: number[] };

function peakRssMiB(): number {
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024);
}

/** One step in this process; prints its StepReport as the last line. */
async function runStep(): Promise<void> {
  const wall0 = performance.now();
  const { parseGroundTruthFile } = await import("@/lib/coco");
  const { readResultsInto, readResultTable } = await import("@/lib/coco/result-columns");
  const { defaultParams, evaluateSplits, prepareGroundTruth } = await import("@/lib/eval");
  const { evaluateMatchedSplit } = await import("@/lib/eval/evaluate");
  const { matchShard, mergeShardMatchings, shardImageRange } = await import("@/lib/eval/shard-matching");
  const { splitMask } = await import("@/lib/eval/split-counts");
  const { decodeShardMatching, encodeShardMatching } = await import("@/lib/sharding/matching-bytes");
  const { readShardTable, ShardWriter } = await import("@/lib/sharding/shard-file");
  const dir = values.dir!;
  const count = Number(values.count ?? 1);
  const params = defaultParams("segm");
  const { gt } = await parseGroundTruthFile(values.gt!, { iouType: "segm" });
  const prepared = prepareGroundTruth(gt, "segm");
  const all = { all: Array.from(prepared.imageIds) };
  const N = prepared.imageIds.length;
  let stats: number[] | undefined;
  if (values.step === "whole") {
    const table = await readResultTable(values.results!, {
      gt,
      iouType: "segm",
      useCats: true,
      spillDir: dir,
      byteSize: (await stat(values.results!)).size,
    });
    stats = evaluateSplits(prepared, table, params, all).all.stats;
    table.dispose();
  } else if (values.step === "partition") {
    const writer = new ShardWriter(dir, count, prepared.imageIndexById, N, true);
    const { firstHasBbox } = await readResultsInto(values.results!, { gt, iouType: "segm", useCats: true }, writer);
    const files = writer.finish();
    await writeFile(path.join(dir, "plan.json"), JSON.stringify({ firstHasBbox, counts: files.counts }));
  } else if (values.step === "match") {
    const s = Number(values.shard);
    const plan = JSON.parse(await readFile(path.join(dir, "plan.json"), "utf8")) as { firstHasBbox: boolean; counts: number[] };
    const table = readShardTable(path.join(dir, `shard-${s}.bin`), {
      firstHasBbox: plan.firstHasBbox,
      keepMaskBoxes: false,
      spillDir: dir,
      capacity: plan.counts[s],
    });
    const m = matchShard(prepared, table, params, shardImageRange(N, count, s));
    table.dispose();
    await writeFile(path.join(dir, `matched-${s}.bin`), encodeShardMatching(m));
  } else if (values.step === "merge") {
    const pieces = [];
    for (let s = 0; s < count; s++) pieces.push(decodeShardMatching(await readFile(path.join(dir, `matched-${s}.bin`))));
    const matched = mergeShardMatchings(prepared, params, pieces);
    stats = evaluateMatchedSplit(prepared, matched, splitMask(prepared, all.all)).stats;
  } else throw new Error(`unknown step ${values.step}`);
  const cpu = process.cpuUsage();
  const report: StepReport = {
    step: values.step,
    wallSeconds: (performance.now() - wall0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: peakRssMiB(),
    stats,
  };
  console.log(JSON.stringify(report));
}

function child(args: string[]): Promise<StepReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", import.meta.filename, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) reject(new Error(`step ${args.join(" ")} exited with ${code}: ${out}`));
      else resolve(JSON.parse(last) as StepReport);
    });
  });
}

async function main(): Promise<void> {
  const scale = Number(values.scale);
  const { gtPath, resultsPath } = await ensureBenchData(console.log);
  const runDir = path.join(BENCH_DIR, "shards-run");
  await mkdir(runDir, { recursive: true });
  try {
    const file = await ensureLargeResults(resultsPath, runDir, Math.round(2048 * scale) * MiB, console.log);
    const bytes = (await stat(file)).size;
    console.log(`results file: ${(bytes / MiB).toFixed(0)} MiB (scale ${scale} of 2 GiB)`);
    const common = ["--gt", gtPath, "--results", file];
    let reference: number[] | undefined;
    const rows: string[] = [];
    for (const shards of values.shards.split(",").map(Number)) {
      const dir = path.join(runDir, `s${shards}`);
      await mkdir(dir, { recursive: true });
      const started = performance.now();
      let steps: StepReport[];
      if (shards === 1) steps = [await child([...common, "--step", "whole", "--dir", dir])];
      else {
        const partition = await child([...common, "--step", "partition", "--dir", dir, "--count", String(shards)]);
        // One process per shard, all at once: as many workers as shards.
        const matches = await Promise.all(
          Array.from({ length: shards }, (_, s) =>
            child([...common, "--step", "match", "--dir", dir, "--count", String(shards), "--shard", String(s)]),
          ),
        );
        const merge = await child([...common, "--step", "merge", "--dir", dir, "--count", String(shards)]);
        steps = [partition, ...matches, merge];
      }
      const wall = (performance.now() - started) / 1000;
      const stats = steps[steps.length - 1].stats!;
      reference ??= stats;
      const exact = stats.every((v, i) => Object.is(v, reference![i]));
      const cpu = steps.reduce((t, s) => t + s.cpuSeconds, 0);
      rows.push(
        `${String(shards).padStart(6)} | ${wall.toFixed(1).padStart(8)} | ${cpu.toFixed(1).padStart(8)} | ${steps.map((s) => `${s.step} ${s.peakRssMiB}`).join(", ")} | ${exact ? "equal" : "DIFFERENT"} (AP ${stats[0]})`,
      );
      await rm(dir, { recursive: true, force: true });
    }
    console.log(`\nshards |   wall s |  total CPU s | peak RSS MiB per process | stats vs 1 shard`);
    for (const r of rows) console.log(r);
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

if (values.step) await runStep();
else await main();
