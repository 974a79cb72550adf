// The demo challenge's data in prisma/demo/ (committed; deterministic). Regenerate with
//   npx tsx --conditions=react-server scripts/synth/make-demo.ts
import fs from "node:fs";
import path from "node:path";
import type { CocoGroundTruth, CocoResult } from "@/lib/eval";
import { generateGroundTruth } from "./ground-truth";
import { generateResults, type ResultsQuality } from "./results";
import { writeJsonArray } from "./write-json";

export const DEMO_DIR = path.resolve(import.meta.dirname, "../../prisma/demo");
export const DEMO_CATEGORIES = ["car", "person", "bicycle", "bus", "traffic light", "stop sign"];

const SUBMISSIONS: Record<string, Omit<ResultsQuality, "seed">> = {
  strong: { recall: 0.92, noise: 0.15, duplicates: 0.1, falsePositivesPerImage: 2, wrongClass: 0.03, maxPerImage: 100 },
  baseline: { recall: 0.75, noise: 0.4, duplicates: 0.25, falsePositivesPerImage: 4, wrongClass: 0.1, maxPerImage: 100 },
  weak: { recall: 0.5, noise: 0.8, duplicates: 0.3, falsePositivesPerImage: 6, wrongClass: 0.25, maxPerImage: 100 },
};

/** The demo ground truth (40 street scenes 320x240, 6 classes) and three submissions of falling quality. */
export function demoData(): { gt: CocoGroundTruth; results: Record<string, CocoResult[]> } {
  const { gt, objects } = generateGroundTruth({
    seed: 2026,
    images: 40,
    imageSizes: [[320, 240]],
    categories: DEMO_CATEGORIES,
    instancesPerImage: 5,
    crowdRegions: 4,
    sizeMix: { small: 0.45, medium: 0.4, large: 0.15 },
  });
  const results: Record<string, CocoResult[]> = {};
  Object.entries(SUBMISSIONS).forEach(([name, quality], k) => (results[name] = generateResults(gt, objects, { seed: k + 1, ...quality })));
  return { gt, results };
}

async function main() {
  const { gt, results } = demoData();
  fs.writeFileSync(path.join(DEMO_DIR, "ground-truth.json"), JSON.stringify(gt) + "\n");
  for (const [name, dets] of Object.entries(results)) await writeJsonArray(path.join(DEMO_DIR, `results-${name}.json`), dets);
  console.log(
    `wrote ${DEMO_DIR}: ground-truth.json (${gt.images.length} images, ${gt.annotations.length} annotations), results-{${Object.keys(results).join(",")}}.json`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await main();
