// npm run bench:metrics — the metrics beyond COCO AP at scale, in one process (CPU seconds are the
// steady figure on a shared machine; wall is printed too):
//   1. Boundary AP vs mask AP on the 5,000-image COCO-scale case (the one bench:eval uses): prepare
//      the ground truth + evaluate, each twice, best of two. Goal: boundary <= 2x segm.
//   2. LVIS AP (segm, 300 per image) and LVIS Fixed AP (boundary, 10,000 per category) on an
//      LVIS-scale case: 1,203 categories, 300 detections per image, 5,000 images.
//   3. TIDE (mask mode) and mIoU on the COCO-scale case.
// Reading and parsing the files is not counted (bench:eval measures that path).
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import {
  defaultParams,
  evaluate,
  evaluateLvis,
  evaluateMiou,
  evaluateTide,
  prepareGroundTruth,
  prepareLvisGroundTruth,
  type CocoResult,
  type LvisGroundTruth,
} from "@/lib/eval";
import { ensureBenchData, ensureLvisBenchData } from "./bench-data";

const BOUNDARY_RATIO_TARGET = 2;

type Seconds = { cpu: number; wall: number };
function measure<T>(run: () => T): { value: T } & Seconds {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wall) / 1000 };
}
const fmt = (s: Seconds) => `cpu ${s.cpu.toFixed(2).padStart(6)} s  wall ${s.wall.toFixed(2).padStart(6)} s`;
const best = (a: Seconds[]) => ({ cpu: Math.min(...a.map((s) => s.cpu)), wall: Math.min(...a.map((s) => s.wall)) });
const log = (line: string) => console.log(line);

{
  const { gtPath, resultsPath } = await ensureBenchData(log);
  const { gt } = await parseGroundTruthFile(gtPath, { iouType: "segm" });
  const results: CocoResult[] = await parseResultsFile(resultsPath, { gt, iouType: "segm", useCats: true, checkRunLengths: false });
  console.log(`\nCOCO-scale case: ${gt.images.length} images, ${gt.annotations.length} GT, ${results.length} detections`);
  const runs: Record<"segm" | "boundary", Seconds[]> = { segm: [], boundary: [] };
  const ap: Record<string, number> = {};
  for (let round = 0; round < 2; round++) {
    for (const iouType of ["segm", "boundary"] as const) {
      const m = measure(() => evaluate(prepareGroundTruth(gt, iouType), results, defaultParams(iouType)));
      runs[iouType].push(m);
      ap[iouType] = m.value.stats[0];
    }
  }
  const segm = best(runs.segm),
    boundary = best(runs.boundary);
  console.log(`  segm     (prepare GT + evaluate)  ${fmt(segm)}  AP ${ap.segm.toFixed(4)}`);
  console.log(`  boundary (prepare GT + evaluate)  ${fmt(boundary)}  AP ${ap.boundary.toFixed(4)}`);
  const ratio = boundary.cpu / segm.cpu;
  console.log(
    `  boundary / segm CPU ratio: ${ratio.toFixed(2)} (target <= ${BOUNDARY_RATIO_TARGET}: ${ratio <= BOUNDARY_RATIO_TARGET ? "met" : "MISSED"})`,
  );

  const tide = measure(() => evaluateTide(gt, results, { mode: "mask" }));
  console.log(`  TIDE mask mode (prepare GT + run) ${fmt(tide)}  AP50 ${tide.value.ap50.toFixed(2)}`);
  const miou = measure(() => evaluateMiou(gt, results, 0.5));
  console.log(`  mIoU @0.5      (prepare GT + run) ${fmt(miou)}  mIoU ${miou.value.mIoU.toFixed(4)}`);
}

{
  const { gtPath, resultsPath } = await ensureLvisBenchData(log);
  const { gt } = await parseGroundTruthFile(gtPath, { iouType: "segm" });
  const lvis = gt as unknown as LvisGroundTruth;
  const results: CocoResult[] = await parseResultsFile(resultsPath, { gt, iouType: "segm", useCats: true, checkRunLengths: false });
  console.log(
    `\nLVIS-scale case: ${gt.images.length} images, ${gt.categories.length} categories, ${gt.annotations.length} GT, ${results.length} detections`,
  );
  const segm = measure(() => evaluateLvis(lvis, results, { iouType: "segm" }, prepareLvisGroundTruth(lvis, "segm")));
  const c = segm.value.counts;
  console.log(
    `  LVIS AP segm   (prepare GT + evaluate)  ${fmt(segm)}  AP ${segm.value.results.AP.toFixed(4)}  (${c.detsEvaluated} of ${c.detsAfterLimits} evaluated)`,
  );
  const fixed = measure(() => evaluateLvis(lvis, results, { mode: "fixed" }, prepareLvisGroundTruth(lvis, "boundary")));
  const f = fixed.value.counts;
  console.log(
    `  LVIS Fixed AP  (prepare GT + evaluate)  ${fmt(fixed)}  AP ${fixed.value.results.AP.toFixed(4)}  (${f.detsEvaluated} of ${f.detsAfterLimits} evaluated)`,
  );
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
