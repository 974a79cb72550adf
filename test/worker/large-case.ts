// A synthetic phase big enough that its evaluation takes a few seconds, so a test can kill the
// worker in the middle of it. Generated with the project's seeded COCO generator (scripts/synth).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { COCO_CATEGORY_NAMES } from "../../scripts/synth/coco-categories";
import { generateGroundTruth } from "../../scripts/synth/ground-truth";
import { generateResults } from "../../scripts/synth/results";
import { writeJsonArray } from "../../scripts/synth/write-json";

export async function writeLargeCase(images: number): Promise<{ gtPath: string; resultsPath: string; detections: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), "mb-large-case-"));
  const { gt, objects } = generateGroundTruth({
    seed: 11,
    images,
    imageSizes: [
      [640, 480],
      [480, 640],
      [640, 427],
    ],
    categories: COCO_CATEGORY_NAMES.slice(0, 20),
    instancesPerImage: 7,
    crowdRegions: Math.ceil(images / 20),
  });
  const results = generateResults(gt, objects, {
    seed: 3,
    recall: 0.85,
    noise: 0.35,
    duplicates: 0.2,
    falsePositivesPerImage: 80,
    wrongClass: 0.1,
    maxPerImage: 100,
  });
  const gtPath = path.join(dir, "gt.json");
  const resultsPath = path.join(dir, "results.json");
  await writeFile(gtPath, JSON.stringify(gt));
  await writeJsonArray(resultsPath, results);
  return { gtPath, resultsPath, detections: results.length };
}
