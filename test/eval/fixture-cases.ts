// Reads the pycocotools reference cases of the project's reference kit (test/fixtures/reference).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { CocoGroundTruth, CocoResult } from "@/lib/eval";
import { REFERENCE_DIR } from "../helpers/reference-kit";

export const FIXTURES_DIR = REFERENCE_DIR;

export const PER_CLASS_KEYS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"] as const;

export interface ExpectedRun {
  stats: number[];
  per_category?: Record<string, Record<(typeof PER_CLASS_KEYS)[number], number>>;
}

export interface FixtureCase {
  name: string;
  dir: string;
  expected: Record<string, unknown> & { gt: string; dt: string };
  runs: { key: string; iouType: "segm" | "bbox"; useCats: boolean; expected: ExpectedRun }[];
}

const cache = new Map<string, unknown>();
export function readJson<T>(file: string): T {
  if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(file, "utf8")));
  return cache.get(file) as T;
}

export function listFixtureCases(): FixtureCase[] {
  // metrics/ holds the LVIS, Boundary AP and TIDE kit (its own format): not a COCO case.
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "metrics")
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(FIXTURES_DIR, name);
      const expected = readJson<FixtureCase["expected"]>(path.join(dir, "expected.json"));
      const runs: FixtureCase["runs"] = [];
      for (const iouType of ["segm", "bbox"] as const) {
        for (const useCats of [true, false]) {
          const key = useCats ? iouType : `${iouType}_useCats0`;
          if (expected[key]) runs.push({ key, iouType, useCats, expected: expected[key] as ExpectedRun });
        }
      }
      return { name, dir, expected, runs };
    });
}

export function loadCase(c: FixtureCase): { gt: CocoGroundTruth; dt: CocoResult[] } {
  return {
    gt: readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt)),
    dt: readJson<CocoResult[]>(path.resolve(c.dir, c.expected.dt)),
  };
}
