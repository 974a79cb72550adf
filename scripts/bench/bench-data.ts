import fs from "node:fs";
import path from "node:path";
import { COCO_CATEGORY_NAMES } from "../synth/coco-categories";
import { generateGroundTruth, type GroundTruthSpec } from "../synth/ground-truth";
import { generateLvisCase, LVIS_SCALE } from "../synth/lvis";
import { generateResults, type ResultsQuality } from "../synth/results";
import { writeJsonArray } from "../synth/write-json";

export const BENCH_DIR = path.resolve(import.meta.dirname, "../../bench-data");

/** COCO val2017 scale: 5,000 images, ~37k instances over 80 classes, ~450 crowd regions. */
const GROUND_TRUTH: GroundTruthSpec = {
  seed: 20260101,
  images: 5000,
  imageSizes: [
    [640, 480],
    [640, 427],
    [480, 640],
    [640, 424],
    [500, 375],
    [640, 360],
    [427, 640],
  ],
  categories: COCO_CATEGORY_NAMES,
  instancesPerImage: 7.2,
  crowdRegions: 450,
};

/** A mediocre detector emitting ~96 masks per image (COCO's maxDets 100 is the usual cut). */
const RESULTS: ResultsQuality = {
  seed: 7,
  recall: 0.85,
  noise: 0.35,
  duplicates: 0.2,
  falsePositivesPerImage: 100,
  wrongClass: 0.1,
  maxPerImage: 100,
};

export type BenchFiles = { gtPath: string; resultsPath: string; generatedNow: boolean };

/** The benchmark's files, generated once per spec and cached in bench-data/ (gitignored). */
export async function ensureBenchData(log: (line: string) => void): Promise<BenchFiles> {
  const key = JSON.stringify({ GROUND_TRUTH, RESULTS, generator: 1 });
  const manifest = path.join(BENCH_DIR, "manifest.json");
  const gtPath = path.join(BENCH_DIR, "gt.json");
  const resultsPath = path.join(BENCH_DIR, "results.json");
  if (fs.existsSync(manifest) && fs.readFileSync(manifest, "utf8") === key && fs.existsSync(gtPath) && fs.existsSync(resultsPath)) {
    return { gtPath, resultsPath, generatedNow: false };
  }
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  fs.rmSync(manifest, { force: true });
  const started = performance.now();
  log("generating benchmark data (once; cached in bench-data/) ...");
  const { gt, objects } = generateGroundTruth(GROUND_TRUTH);
  fs.writeFileSync(gtPath, JSON.stringify(gt));
  const results = generateResults(gt, objects, RESULTS);
  await writeJsonArray(resultsPath, results);
  fs.writeFileSync(manifest, key);
  log(
    `  ${gt.images.length} images, ${gt.annotations.length} annotations, ${results.length} detections in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { gtPath, resultsPath, generatedNow: true };
}

/** The LVIS-scale case (1,203 categories, 300 detections per image, 5,000 images), cached like the COCO one. */
export async function ensureLvisBenchData(log: (line: string) => void): Promise<BenchFiles> {
  const key = JSON.stringify({ LVIS_SCALE, generator: 1 });
  const manifest = path.join(BENCH_DIR, "lvis-manifest.json");
  const gtPath = path.join(BENCH_DIR, "lvis-gt.json");
  const resultsPath = path.join(BENCH_DIR, "lvis-results.json");
  if (fs.existsSync(manifest) && fs.readFileSync(manifest, "utf8") === key && fs.existsSync(gtPath) && fs.existsSync(resultsPath)) {
    return { gtPath, resultsPath, generatedNow: false };
  }
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  fs.rmSync(manifest, { force: true });
  const started = performance.now();
  log("generating the LVIS-scale benchmark data (once; cached in bench-data/) ...");
  const { gt, results } = generateLvisCase(LVIS_SCALE);
  fs.writeFileSync(gtPath, JSON.stringify(gt));
  await writeJsonArray(resultsPath, results);
  fs.writeFileSync(manifest, key);
  log(
    `  ${gt.images.length} images, ${gt.categories.length} categories, ${gt.annotations.length} annotations, ${results.length} detections in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { gtPath, resultsPath, generatedNow: true };
}
