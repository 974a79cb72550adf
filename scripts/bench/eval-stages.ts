// Per-stage CPU and wall time of the evaluation on the cached bench case (bench-data/, made by
// `npm run bench:eval`), in one process. CPU time is the steady figure on a shared machine.
//   tsx --conditions=react-server scripts/bench/eval-stages.ts [--repeat N] [--threads auto|off]
// --threads off|on forces the single- or two-threaded loading (EvalOptions.parallel); auto decides by size.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, evaluateSplits, prepareGroundTruth, type EvalStage } from "@/lib/eval";

const { values } = parseArgs({ options: { repeat: { type: "string", default: "1" }, threads: { type: "string", default: "auto" } } });
const parallel = values.threads === "off" ? false : values.threads === "on" ? true : undefined;
const root = path.resolve(import.meta.dirname, "../..");
const gtPath = path.join(root, "bench-data/gt.json");
const dtPath = path.join(root, "bench-data/results.json");

type Lap = { name: string; cpu: number; wall: number };
function stopwatch() {
  let cpu = process.cpuUsage();
  let wall = performance.now();
  const laps: Lap[] = [];
  return {
    laps,
    lap(name: string) {
      const c = process.cpuUsage(cpu);
      laps.push({ name, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - wall) / 1000 });
      cpu = process.cpuUsage();
      wall = performance.now();
    },
  };
}

{
  const w = stopwatch();
  JSON.parse(fs.readFileSync(dtPath, "utf8"));
  w.lap("fs.readFileSync + JSON.parse (baseline)");
  console.log(w.laps.map((l) => `${l.name.padEnd(40)} cpu ${l.cpu.toFixed(3)} s  wall ${l.wall.toFixed(3)} s`).join("\n"));
}

for (let run = 0; run < Number(values.repeat); run++) {
  const w = stopwatch();
  const { gt } = await parseGroundTruthFile(gtPath, { iouType: "segm" });
  w.lap("parseGroundTruthFile");
  const prepared = prepareGroundTruth(gt, "segm");
  w.lap("prepareGroundTruth");
  const results = await parseResultsFile(dtPath, { gt, iouType: "segm", useCats: true, checkRunLengths: false });
  w.lap("parseResultsFile");
  let stage: string | null = null;
  const onProgress = (s: EvalStage, f: number) => {
    const next =
      s === "loading" ? "loadResults + sorting (overlapped)" : s === "accumulating" ? "accumulate+summarize" : f < 0.8 ? "IoUs" : "match";
    if (next === stage) return;
    if (stage) w.lap(stage);
    stage = next;
  };
  const out = evaluateSplits(
    prepared,
    results,
    defaultParams("segm"),
    { all: Array.from(prepared.imageIds) },
    { onProgress, parallel },
  ).all;
  w.lap(stage ?? "evaluate");
  const total = w.laps.reduce((a, l) => ({ cpu: a.cpu + l.cpu, wall: a.wall + l.wall }), { cpu: 0, wall: 0 });
  console.log(
    `\nrun ${run + 1}: AP ${out.stats[0]}  (threads ${values.threads}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
  );
  for (const l of [...w.laps, { name: "total", ...total }])
    console.log(`${l.name.padEnd(40)} cpu ${l.cpu.toFixed(3)} s  wall ${l.wall.toFixed(3)} s`);
}
