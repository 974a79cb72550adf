// Loads the pycocotools reference cases of the reference kit (test/fixtures/reference) (their debug.json holds maskApi's own numbers).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { CocoAnnotation, CocoGroundTruth, CocoResult } from "@/lib/eval/types";
import { REFERENCE_DIR } from "../../helpers/reference-kit";

const FIXTURES_DIR = REFERENCE_DIR;

export interface MaskDebug {
  gt_rle: Record<string, { counts: string; size: [number, number]; mask_area: number; mask_bbox: number[] }>;
  dt_loadres: Record<string, { area: number; bbox: number[] }>;
  ious: { image_id: number; category_id: number; dt_ids_score_sorted: number[]; gt_ids_file_order: number[]; iou: number[][] }[];
}

export interface MaskFixture {
  name: string;
  gt: CocoGroundTruth;
  /** Results in file order; loadRes gives detection i the id i + 1. */
  dts: CocoResult[];
  debug: MaskDebug;
  imageSize(imageId: number): { h: number; w: number };
  gtById: Map<number, CocoAnnotation>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function loadMaskFixtures(): MaskFixture[] {
  const fixtures: MaskFixture[] = [];
  for (const name of readdirSync(FIXTURES_DIR).sort()) {
    const dir = join(FIXTURES_DIR, name);
    if (!existsSync(join(dir, "debug.json"))) continue;
    const expected = readJson<{ gt?: string; dt?: string }>(join(dir, "expected.json"));
    const gtPath = existsSync(join(dir, "gt.json")) ? join(dir, "gt.json") : resolve(dir, expected.gt!);
    const dtPath = existsSync(join(dir, "dt.json")) ? join(dir, "dt.json") : resolve(dir, expected.dt!);
    const gt = readJson<CocoGroundTruth>(gtPath);
    const sizes = new Map(gt.images.map((im) => [im.id, { h: im.height, w: im.width }]));
    fixtures.push({
      name,
      gt,
      dts: readJson<CocoResult[]>(dtPath),
      debug: readJson<MaskDebug>(join(dir, "debug.json")),
      imageSize(imageId) {
        const size = sizes.get(imageId);
        if (!size) throw new Error(`${name}: no image ${imageId} in ${dirname(gtPath)}`);
        return size;
      },
      gtById: new Map(gt.annotations.map((a) => [a.id, a])),
    });
  }
  return fixtures;
}
