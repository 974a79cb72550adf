// Every case of the metrics reference kit (test/fixtures/reference/metrics) through the eval CLI, as
// a user runs it: Boundary AP (--iou-type boundary, with --no-cats too), LVIS AP and Fixed AP
// (--metric lvis | lvis-fixed, each IoU type), TIDE (--tide, mask and bbox). Every number within 1e-12.
import { describe, expect, it } from "vitest";
import { expectClose, listCases } from "../eval/metrics/kit";
import { runEvalCli } from "./run-cli";

const COCO_PER_CLASS = {
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
} as const;
const LVIS_PER_CLASS = {
  AP: "ap",
  AP50: "ap50",
  AP75: "ap75",
  APs: "apSmall",
  APm: "apMedium",
  APl: "apLarge",
  AR: "ar",
  ARs: "arSmall",
  ARm: "arMedium",
  ARl: "arLarge",
} as const;

type PerClass = Record<string, number> & { categoryId: number };

async function cliJson(args: string[]): Promise<Record<string, unknown>> {
  const run = await runEvalCli([...args, "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

function expectPerClass(actual: PerClass[], expected: Record<string, Record<string, number>>, keys: Record<string, string>) {
  expect(Object.keys(expected).every((id) => actual.some((c) => c.categoryId === Number(id)))).toBe(true);
  for (const mine of actual) {
    const theirs = expected[String(mine.categoryId)];
    for (const [key, field] of Object.entries(keys))
      expectClose(mine[field], theirs ? theirs[key] : -1, `category ${mine.categoryId} ${key}`);
  }
}

type BoundaryExpected = {
  boundary: { stats: number[]; per_category: Record<string, Record<string, number>> };
  boundary_useCats0: { stats: number[] };
};

describe("eval CLI: Boundary AP on every case of the kit", () => {
  const cases = listCases<BoundaryExpected>("boundary");
  it("finds the cases", () => expect(cases.length).toBeGreaterThanOrEqual(9));
  for (const c of cases) {
    it(`${c.name}: 12 stats and per-class numbers; --no-cats stats`, async () => {
      const out = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, "--iou-type", "boundary"])) as {
        stats: number[];
        perClass: PerClass[];
      };
      c.expected.boundary.stats.forEach((v, i) => expectClose(out.stats[i], v, `stats[${i}]`));
      expectPerClass(out.perClass, c.expected.boundary.per_category, COCO_PER_CLASS);
      // The default width written out goes through the family path: the same numbers.
      const ratio = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, "--iou-type", "boundary", "--dilation-ratio", "0.02"])) as {
        stats: number[];
      };
      expect(ratio.stats).toEqual(out.stats);
      const noCats = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, "--iou-type", "boundary", "--no-cats"])) as { stats: number[] };
      c.expected.boundary_useCats0.stats.forEach((v, i) => expectClose(noCats.stats[i], v, `useCats 0 stats[${i}]`));
    });
  }
});

type LvisBlock = {
  results: Record<string, number>;
  per_category: Record<string, Record<string, number>>;
  counts: {
    results_in_file: number;
    dets_after_limits: number;
    dets_evaluated: number;
    gt_evaluated: number;
    categories_per_frequency: Record<string, number>;
  };
};
type LvisExpected = Record<"segm" | "bbox" | "challenge2021" | "boundary", LvisBlock>;
const LVIS_BLOCKS: Record<keyof LvisExpected, string[]> = {
  segm: ["--metric", "lvis"],
  bbox: ["--metric", "lvis", "--iou-type", "bbox"],
  challenge2021: ["--metric", "lvis-fixed"],
  boundary: ["--metric", "lvis", "--iou-type", "boundary"],
};

describe("eval CLI: LVIS AP and Fixed AP on every case of the kit", () => {
  const cases = listCases<LvisExpected>("lvis");
  it("finds the cases", () => expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(["lvis_federated", "real_lvis_val_100"])));
  for (const c of cases) {
    for (const [block, flags] of Object.entries(LVIS_BLOCKS) as [keyof LvisExpected, string[]][]) {
      it(`${c.name} ${flags.join(" ")}: the results dictionary, per-class numbers, frequencies, counts`, async () => {
        const want = c.expected[block];
        const out = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, ...flags])) as {
          lvis: Record<string, number>;
          perClass: (PerClass & { frequency: string })[];
          counts: Record<string, unknown>;
        };
        expect(Object.keys(out.lvis)).toEqual(Object.keys(want.results));
        for (const [key, value] of Object.entries(want.results)) expectClose(out.lvis[key], value, key);
        expectPerClass(out.perClass, want.per_category, LVIS_PER_CLASS);
        expect(Object.keys(out.perClass[0])).toEqual([
          "categoryId",
          "ap",
          "ap50",
          "ap75",
          "apSmall",
          "apMedium",
          "apLarge",
          "ar",
          "arSmall",
          "arMedium",
          "arLarge",
          "frequency",
        ]);
        const groups = { r: 0, c: 0, f: 0 } as Record<string, number>;
        for (const p of out.perClass) groups[p.frequency]++;
        expect(groups).toEqual(want.counts.categories_per_frequency);
        expect(out.counts).toEqual({
          resultsInFile: want.counts.results_in_file,
          detsAfterLimits: want.counts.dets_after_limits,
          detsEvaluated: want.counts.dets_evaluated,
          gtEvaluated: want.counts.gt_evaluated,
          categoriesPerFrequency: want.counts.categories_per_frequency,
        });
      });
    }
  }
});

type TideBlock = {
  ap50: number;
  main_errors: Record<string, number>;
  special_errors: Record<string, number>;
  error_counts: Record<string, number>;
  per_class_ap50: Record<string, number>;
  ap_by_threshold: { thresholds: number[]; ap: number[]; mean: number };
};

describe("eval CLI: TIDE on every case of the kit", () => {
  const cases = listCases<{ mask?: TideBlock; bbox?: TideBlock }>("tide");
  it("finds the cases", () => expect(cases.length).toBeGreaterThanOrEqual(6));
  // tide_errors_a has a detection on an image outside the GT: tidecv skips it, but the CLI runs TIDE
  // beside COCOeval, whose loadRes refuses such a file (lib/eval's own test covers that case).
  const onGtImages = cases.filter((c) => c.name !== "tide_errors_a");
  it("refuses a file with detections outside the ground truth's images, as loadRes does", async () => {
    const c = cases.find((k) => k.name === "tide_errors_a")!;
    const run = await runEvalCli(["--gt", c.gtPath, "--dt", c.dtPath, "--tide"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/results\[\d+\]\.image_id \d+ is not in the test set/);
  });
  for (const c of onGtImages) {
    for (const mode of ["mask", "bbox"] as const) {
      const want = c.expected[mode];
      if (!want) continue;
      it(`${c.name} --tide (${mode}): AP50, dAP of every error, counts, per-class AP, AP per threshold`, async () => {
        const out = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, "--iou-type", mode === "mask" ? "segm" : "bbox", "--tide"])) as {
          stats: number[];
          tide: {
            ap50: number;
            mainErrors: Record<string, number>;
            specialErrors: Record<string, number>;
            errorCounts: Record<string, number>;
            perClassAp50: { categoryId: number; ap: number }[];
            apByThreshold: { thresholds: number[]; ap: number[]; mean: number };
          };
        };
        expect(out.stats).toHaveLength(12); // COCO AP is still there
        const tide = out.tide;
        expectClose(tide.ap50, want.ap50, "ap50");
        expect(Object.keys(tide.mainErrors)).toEqual(["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"]);
        for (const [k, v] of Object.entries(want.main_errors)) expectClose(tide.mainErrors[k], v, `main ${k}`);
        for (const [k, v] of Object.entries(want.special_errors)) expectClose(tide.specialErrors[k], v, `special ${k}`);
        expect(tide.errorCounts).toEqual(want.error_counts);
        expect(tide.perClassAp50.map((p) => String(p.categoryId)).sort()).toEqual(Object.keys(want.per_class_ap50).sort());
        for (const p of tide.perClassAp50) expectClose(p.ap, want.per_class_ap50[String(p.categoryId)], `class ${p.categoryId}`);
        want.ap_by_threshold.ap.forEach((v, i) => expectClose(tide.apByThreshold.ap[i], v, `ap@${want.ap_by_threshold.thresholds[i]}`));
        expectClose(tide.apByThreshold.mean, want.ap_by_threshold.mean, "mean");
      });
    }
  }
});

describe("eval CLI: family flags", () => {
  const c = listCases<LvisExpected>("lvis")[0];
  it("--metric miou prints mIoU per class; bad combinations exit 2 naming the flag", async () => {
    const out = (await cliJson(["--gt", c.gtPath, "--dt", c.dtPath, "--metric", "miou", "--score-threshold", "0.3"])) as {
      miou: { scoreThreshold: number; mIoU: number; perClass: { iou: number }[] };
    };
    expect(out.miou.scoreThreshold).toBe(0.3);
    expect(out.miou.mIoU).toBeGreaterThan(0);
    expect(out).not.toHaveProperty("stats");
    const refused = [
      [["--metric", "lvis-fixed", "--iou-type", "segm"], /always on boundary IoU/],
      [["--metric", "lvis", "--max-dets", "1,10"], /--max-dets is a COCOeval parameter; --metric lvis fixes its own/],
      [["--iou-type", "segm", "--dilation-ratio", "0.05"], /--dilation-ratio sets the width of boundary IoU/],
      [["--iou-type", "boundary", "--dilation-ratio", "2"], /give a number in \(0, 1\]/],
      [["--score-threshold", "0.5"], /applies to --metric miou only/],
      [["--iou-type", "boundary", "--tide"], /--tide analyses COCO AP on masks or boxes/],
      [["--metric", "lvis2"], /--metric must be coco, lvis, lvis-fixed or miou/],
    ] as const;
    for (const [flags, message] of refused) {
      const run = await runEvalCli(["--gt", c.gtPath, "--dt", c.dtPath, ...flags]);
      expect(run.code, flags.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it("--metric lvis on a COCO ground truth says what the file lacks", async () => {
    const coco = listCases<BoundaryExpected>("boundary")[0];
    const run = await runEvalCli(["--gt", coco.gtPath, "--dt", coco.dtPath, "--metric", "lvis"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/categories\[0\]\.frequency \(category id \d+\) is missing; LVIS needs "r"/);
    expect(run.stderr).toMatch(/images\[0\]\.neg_category_ids \(image id \d+\) is missing/);
  });
});
