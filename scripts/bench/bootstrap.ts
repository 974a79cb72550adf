// npm run bench:bootstrap — bootstrap intervals at COCO val scale (the bench:eval case: 5,000 images,
// ~475k detections, 80 classes, 10 IoU thresholds, 4 area ranges): B = 1,000 replicates of all 12
// stats, against the plain evaluation's own time measured in the same run (results already parsed:
// loadRes, IoUs, matching, accumulate, summarize). Targets: ratio <= 3, peak RSS <= 1.5 GiB.
import { parseArgs } from "node:util";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, evaluateSplits, prepareGroundTruth } from "@/lib/eval";
import { evaluateForBootstrap, runReplicates } from "@/lib/eval/bootstrap";
import { column, percentileInterval } from "@/lib/eval/bootstrap/percentile";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { ensureBenchData } from "./bench-data";

const RATIO_TARGET = 3;
const RSS_TARGET_MIB = 1536;
const { values } = parseArgs({
  options: {
    replicates: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    threads: { type: "string", default: "auto" },
  },
});
const B = Number(values.replicates);
const parallel = values.threads === "off" ? false : values.threads === "on" ? true : undefined;

type Lap = { wall: number; cpu: number };
function time<T>(run: () => T): { value: T } & Lap {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}
const fmt = (l: Lap) => `${l.wall.toFixed(3)} s wall, ${l.cpu.toFixed(3)} s cpu`;

const { gtPath, resultsPath } = await ensureBenchData((line) => console.log(line));
const { gt } = await parseGroundTruthFile(gtPath, { iouType: "segm" });
const prepared = prepareGroundTruth(gt, "segm");
const results = await parseResultsFile(resultsPath, { gt, iouType: "segm", useCats: true, checkRunLengths: false });
const params = defaultParams("segm");
const all = { all: Array.from(prepared.imageIds) };

// The plain evaluation, twice (the first warms the JIT): the faster run is the baseline.
const plainRuns = [time(() => evaluateSplits(prepared, results, params, all)), time(() => evaluateSplits(prepared, results, params, all))];
const plain = plainRuns[0].wall <= plainRuns[1].wall ? plainRuns[0] : plainRuns[1];
const withCache = time(() => evaluateForBootstrap(prepared, results, params));
const { result, cache } = withCache.value;
const draws = time(() => drawMultiplicities(cache.imageIds.length, B, Number(values.seed)));
const replicates = time(() => runReplicates(cache, draws.value, { parallel }));
const bootstrap = { wall: draws.wall + replicates.wall, cpu: draws.cpu + replicates.cpu };
const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);

const names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];
const stats = replicates.value.stats;
console.log(`${cache.imageIds.length} images, ${cache.summary.streamImage.length} detections, B = ${B}, seed ${values.seed}`);
console.log(
  `cache: ${cache.summary.eventImage.length} detections with entries, ${cache.summary.entries.length} entries, ${cache.patterns.length / params.areaRanges.length} patterns`,
);
for (let s = 0; s < 12; s++) {
  const ci = percentileInterval(column(stats, 12, s), 0.95);
  console.log(`  ${names[s].padEnd(5)} ${result.stats[s].toFixed(3)} [${ci?.[0].toFixed(3)}, ${ci?.[1].toFixed(3)}]`);
}
console.log("");
console.log(`plain evaluation (loadRes .. summarize):   ${fmt(plain)}`);
console.log(`evaluation + replicate cache:              ${fmt(withCache)}`);
console.log(`draws (${B} x ${cache.imageIds.length}):                ${fmt(draws)}`);
console.log(`replicates (helper thread: ${replicates.value.helperReplicates} of ${B}):   ${fmt(replicates)}`);
const ratio = bootstrap.wall / plain.wall;
console.log(
  `ratio ${ratio.toFixed(2)} (draws + replicates wall / plain evaluation wall; target <= ${RATIO_TARGET}): ${ratio <= RATIO_TARGET ? "OK" : "OVER"}`,
);
// On a shared machine wall times swing with the load; the cpu ratio (both threads' cpu) is steadier.
console.log(`cpu ratio ${(bootstrap.cpu / plain.cpu).toFixed(2)} (both threads' cpu / plain cpu)`);
console.log(`peak RSS ${rssMiB} MiB (target <= ${RSS_TARGET_MIB}): ${rssMiB <= RSS_TARGET_MIB ? "OK" : "OVER"}`);
