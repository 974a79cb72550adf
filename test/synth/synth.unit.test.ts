import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate } from "@/lib/eval";
import { parseResultsFile, validateGroundTruth } from "@/lib/coco";
import { DEMO_DIR, demoData } from "@/scripts/synth/make-demo";
import { generateGroundTruth } from "@/scripts/synth/ground-truth";
import { generateResults } from "@/scripts/synth/results";
import { writeTemp } from "../coco/temp-files";

const spec = {
  seed: 5,
  images: 12,
  imageSizes: [
    [200, 150],
    [150, 200],
  ] as [number, number][],
  categories: ["a", "b", "c"],
  instancesPerImage: 4,
  crowdRegions: 3,
};
const quality = { seed: 9, recall: 0.8, noise: 0.3, duplicates: 0.2, falsePositivesPerImage: 3, wrongClass: 0.1, maxPerImage: 100 };

describe("synthetic COCO data", () => {
  it("is deterministic for a seed and different for another", () => {
    const a = generateGroundTruth(spec);
    const b = generateGroundTruth(spec);
    expect(JSON.stringify(b.gt)).toBe(JSON.stringify(a.gt));
    expect(JSON.stringify(generateResults(b.gt, b.objects, quality))).toBe(JSON.stringify(generateResults(a.gt, a.objects, quality)));
    expect(JSON.stringify(generateGroundTruth({ ...spec, seed: 6 }).gt)).not.toBe(JSON.stringify(a.gt));
  });

  it("produces valid COCO: polygons, crowd RLE regions, all size classes, loadable results", async () => {
    const { gt, objects } = generateGroundTruth({ ...spec, images: 60 });
    expect(() => validateGroundTruth(gt)).not.toThrow();
    const crowd = gt.annotations.filter((a) => a.iscrowd);
    expect(crowd).toHaveLength(3);
    expect(crowd.every((a) => !Array.isArray(a.segmentation) && Array.isArray(a.segmentation!.counts))).toBe(true);
    const areas = gt.annotations.filter((a) => !a.iscrowd).map((a) => a.area);
    expect(areas.some((a) => a < 32 ** 2)).toBe(true);
    expect(areas.some((a) => a >= 32 ** 2 && a < 96 ** 2)).toBe(true);
    expect(areas.some((a) => a >= 96 ** 2)).toBe(true);
    const results = generateResults(gt, objects, quality);
    expect(results.every((r) => typeof (r.segmentation as { counts: unknown }).counts === "string")).toBe(true);
    await expect(parseResultsFile(writeTemp("synth.json", results), { gt })).resolves.toHaveLength(results.length);
  });

  it("scores better results higher", () => {
    const { gt, objects } = generateGroundTruth(spec);
    const ap = (q: Partial<typeof quality>) => evaluate(gt, generateResults(gt, objects, { ...quality, ...q })).stats[0];
    const perfect = ap({ recall: 1, noise: 0, duplicates: 0, falsePositivesPerImage: 0, wrongClass: 0 });
    const good = ap({ noise: 0.2 });
    const bad = ap({ recall: 0.4, noise: 0.9, wrongClass: 0.4 });
    expect(perfect).toBeGreaterThan(0.9);
    expect(good).toBeLessThan(perfect);
    expect(bad).toBeLessThan(good);
  });

  it("the committed demo files are exactly what the generator makes, small, and rank as named", () => {
    const { gt, results } = demoData();
    expect(JSON.parse(fs.readFileSync(`${DEMO_DIR}/ground-truth.json`, "utf8"))).toEqual(gt);
    let bytes = fs.statSync(`${DEMO_DIR}/ground-truth.json`).size;
    for (const [name, dets] of Object.entries(results)) {
      expect(JSON.parse(fs.readFileSync(`${DEMO_DIR}/results-${name}.json`, "utf8"))).toEqual(dets);
      bytes += fs.statSync(`${DEMO_DIR}/results-${name}.json`).size;
    }
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(gt.images).toHaveLength(40);
    expect(gt.categories.map((c) => c.name)).toEqual(["car", "person", "bicycle", "bus", "traffic light", "stop sign"]);
    const [strong, baseline, weak] = ["strong", "baseline", "weak"].map((name) => evaluate(gt, results[name]).stats[0]);
    expect(strong).toBeGreaterThan(baseline);
    expect(baseline).toBeGreaterThan(weak);
  });
});
