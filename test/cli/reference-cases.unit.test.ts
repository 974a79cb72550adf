// The eval CLI, run as a user runs it, on every case of the reference kit in every mode pycocotools
// scored it (segm, bbox, useCats 1 and 0; segm-only results in bbox mode take their boxes from the
// masks), and again with detections of categories the ground truth does not have, which pycocotools
// ignores: the numbers must equal the kit's within 1e-12.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listFixtureCases, loadCase, PER_CLASS_KEYS, type ExpectedRun } from "../eval/fixture-cases";
import { writeTemp } from "../coco/temp-files";
import { runEvalCli } from "./run-cli";

const TOLERANCE = 1e-12;

type CliJson = { stats: number[]; perClass: Record<string, number>[]; warnings: { code: string; count: number }[] };

function expectClose(actual: number[], wanted: number[], what: string) {
  expect(actual, what).toHaveLength(wanted.length);
  actual.forEach((v, i) => expect(Math.abs(v - wanted[i]), `${what}[${i}]: ${v} vs ${wanted[i]}`).toBeLessThanOrEqual(TOLERANCE));
}

const FIELDS: Record<(typeof PER_CLASS_KEYS)[number], string> = {
  AP: "ap",
  AP50: "ap50",
  AP75: "ap75",
  APs: "apSmall",
  APm: "apMedium",
  APl: "apLarge",
  AR1: "ar1",
  AR10: "ar10",
  AR100: "ar100",
  ARs: "arSmall",
  ARm: "arMedium",
  ARl: "arLarge",
};

function expectRun(out: CliJson, expected: ExpectedRun, what: string) {
  expectClose(out.stats, expected.stats, `${what} stats`);
  for (const [id, wanted] of Object.entries(expected.per_category ?? {})) {
    const row = out.perClass.find((c) => c.categoryId === Number(id))!;
    expectClose(
      PER_CLASS_KEYS.map((k) => row[FIELDS[k]]),
      PER_CLASS_KEYS.map((k) => wanted[k]),
      `${what} class ${id}`,
    );
  }
}

function args(gt: string, dt: string, iouType: string, useCats: boolean): string[] {
  return ["--gt", gt, "--dt", dt, "--iou-type", iouType, "--json", ...(useCats ? [] : ["--no-cats"])];
}

describe("eval CLI on every reference case", () => {
  for (const c of listFixtureCases()) {
    it(`${c.name}: ${c.runs.map((r) => r.key).join(", ")} equal pycocotools, unknown categories ignored`, async () => {
      const gtPath = path.resolve(c.dir, c.expected.gt);
      const dtPath = path.resolve(c.dir, c.expected.dt);
      // Appended, so results[0] (which decides loadRes' bbox or segm branch) stays the same.
      const { gt, dt } = loadCase(c);
      const unknownId = Math.max(...gt.categories.map((k) => k.id)) + 1000;
      const extra = dt.slice(0, 3).map((r) => ({ ...r, category_id: unknownId, score: 0.99 }));
      const withUnknown = writeTemp(`${c.name}-unknown.json`, [...dt, ...extra]);
      const runs = await Promise.all(
        c.runs.flatMap((run) => [
          runEvalCli(args(gtPath, dtPath, run.iouType, run.useCats)),
          runEvalCli(args(gtPath, withUnknown, run.iouType, run.useCats)),
        ]),
      );
      c.runs.forEach((run, i) => {
        const [plain, unknown] = [runs[2 * i], runs[2 * i + 1]];
        expect(plain.stderr, `${run.key}`).toBe("");
        expect(plain.code).toBe(0);
        expectRun(JSON.parse(plain.stdout) as CliJson, run.expected, run.key);
        expect(unknown.code, unknown.stderr).toBe(0);
        expect(unknown.stderr).toMatch(/^warning: 3 detection\(s\) have a category_id that is not in the ground truth/);
        const out = JSON.parse(unknown.stdout) as CliJson;
        expect(out.warnings).toEqual([expect.objectContaining({ code: "unknown_categories", count: 3 })]);
        expectRun(out, run.expected, `${run.key} with unknown categories`);
      });
    }, 120_000);
  }
});
