// Scores one results file the way the worker does (lib/coco/result-columns: typed columns, counts as
// bytes spilled past 256 MiB; then evaluateSplits) in this process, and prints one JSON line: the
// stats, wall and CPU seconds, and the peak RSS (VmHWM) of this process. The benchmarks run it as a
// child process so each measurement has its own peak.
//   tsx --conditions=react-server scripts/bench/score-file.ts --gt gt.json --results results.json [--spill DIR]
import { readFileSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { parseGroundTruthFile } from "@/lib/coco";
import { readResultTable } from "@/lib/coco/result-columns";
import { defaultParams, evaluateSplits, prepareGroundTruth } from "@/lib/eval";

const { values } = parseArgs({
  options: { gt: { type: "string" }, results: { type: "string" }, spill: { type: "string", default: os.tmpdir() } },
});
if (!values.gt || !values.results) throw new Error("usage: score-file.ts --gt gt.json --results results.json [--spill DIR]");

export function peakRssMiB(): number {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const params = defaultParams("segm");
const { gt } = await parseGroundTruthFile(values.gt, { iouType: "segm" });
const prepared = prepareGroundTruth(gt, "segm");
await mkdir(values.spill, { recursive: true });
const table = await readResultTable(values.results, {
  gt,
  byteSize: (await stat(values.results)).size,
  spillDir: values.spill,
  iouType: "segm",
  useCats: true,
});
const readSeconds = (performance.now() - wall0) / 1000;
const out = evaluateSplits(prepared, table, params, { all: Array.from(prepared.imageIds) });
table.dispose();
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    detections: table.count,
    spilled: table.spilled,
    stats: out.all.stats,
    readSeconds: +readSeconds.toFixed(1),
    wallSeconds: +((performance.now() - wall0) / 1000).toFixed(1),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    peakRssMiB: Math.round(peakRssMiB()),
  }),
);
