// The eval CLI's --bootstrap, --seed, --ci-level and --compare (docs/statistics.md), on the real
// val2014 100-image fixture.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, prepareGroundTruth } from "@/lib/eval";
import { evaluateForBootstrap, runReplicates } from "@/lib/eval/bootstrap";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { statIntervals } from "@/lib/statistics/intervals";
import { writeTemp } from "../coco/temp-files";
import { runEvalCli } from "./run-cli";

const DATA = "test/fixtures/data/cocoapi_val2014_100";
const GT = `${DATA}/instances_val2014_100.json`;
const SEGM = `${DATA}/instances_val2014_fakesegm100_results.json`;
const STAT_KEYS = ["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge"];

type Ci = [number, number] | null;
type Output = {
  stats: number[];
  perClass: unknown[];
  bootstrap: { replicates: number; seed: number; level: number; ci: Record<string, Ci> };
  comparison?: { metric: string; delta: number; ci: Ci; fractionBetter: number };
};

async function json(args: string[]): Promise<Output> {
  const run = await runEvalCli(["--gt", GT, ...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Output;
}

/** Every other detection of the fixture's results: a weaker submission on the same images. */
function weakerResults(): string {
  const all = JSON.parse(fs.readFileSync(SEGM, "utf8")) as unknown[];
  return writeTemp(
    "weaker.json",
    all.filter((_, i) => i % 2 === 0),
  );
}

describe("eval CLI --bootstrap", () => {
  it("adds exactly the bootstrap object, leaves the point numbers alone, and is the platform's computation", async () => {
    const [plain, boot] = await Promise.all([json(["--dt", SEGM]), json(["--dt", SEGM, "--bootstrap", "200", "--seed", "7"])]);
    expect(Object.keys(boot)).toEqual(["iouType", "params", "stats", "perClass", "bootstrap", "warnings"]);
    expect(boot.stats).toEqual(plain.stats);
    expect(boot.perClass).toEqual(plain.perClass);
    expect(Object.keys(boot.bootstrap)).toEqual(["replicates", "seed", "level", "ci"]);
    expect(boot.bootstrap).toMatchObject({ replicates: 200, seed: 7, level: 0.95 });
    expect(Object.keys(boot.bootstrap.ci)).toEqual(STAT_KEYS);
    for (const key of STAT_KEYS) {
      const [lo, hi] = boot.bootstrap.ci[key]!;
      expect(lo, key).toBeLessThanOrEqual(hi);
      expect(lo, key).toBeGreaterThanOrEqual(0);
      expect(hi, key).toBeLessThanOrEqual(1);
    }

    // The same numbers as lib/statistics' draws over lib/eval/bootstrap's replicates (what the worker stores).
    const { gt } = await parseGroundTruthFile(GT, { iouType: "segm" });
    const prepared = prepareGroundTruth(gt, "segm");
    const results = await parseResultsFile(SEGM, { gt, iouType: "segm", useCats: true });
    const { cache } = evaluateForBootstrap(prepared, results, defaultParams("segm"));
    const replicates = runReplicates(cache, drawMultiplicities(cache.imageIds.length, 200, 7));
    expect(boot.bootstrap.ci).toEqual(statIntervals(replicates.stats, 0.95));
  });

  it("is deterministic for a seed, and the seed and level change the intervals", async () => {
    const [a, b, other, narrow] = await Promise.all([
      json(["--dt", SEGM, "--bootstrap", "100", "--seed", "3"]),
      json(["--dt", SEGM, "--bootstrap", "100", "--seed", "3"]),
      json(["--dt", SEGM, "--bootstrap", "100", "--seed", "4"]),
      json(["--dt", SEGM, "--bootstrap", "100", "--seed", "3", "--ci-level", "0.8"]),
    ]);
    expect(b.bootstrap).toEqual(a.bootstrap);
    expect(other.bootstrap.ci.ap).not.toEqual(a.bootstrap.ci.ap);
    expect(narrow.bootstrap.level).toBe(0.8);
    // Same replicates, inner quantiles: the 80% interval lies inside the 95% one, and is narrower.
    for (const key of STAT_KEYS) {
      const [lo, hi] = a.bootstrap.ci[key]!;
      const [nlo, nhi] = narrow.bootstrap.ci[key]!;
      expect(nlo, key).toBeGreaterThanOrEqual(lo);
      expect(nhi, key).toBeLessThanOrEqual(hi);
    }
    expect(narrow.bootstrap.ci.ap![1] - narrow.bootstrap.ci.ap![0]).toBeLessThan(a.bootstrap.ci.ap![1] - a.bootstrap.ci.ap![0]);
    const defaultSeed = await json(["--dt", SEGM, "--bootstrap", "100"]);
    expect(defaultSeed.bootstrap.seed).toBe(1);
  });

  it("--compare of a file with itself: delta 0, ci [0, 0], fractionBetter 0 (the same draws)", async () => {
    const out = await json(["--dt", SEGM, "--bootstrap", "100", "--compare", SEGM]);
    expect(Object.keys(out)).toEqual(["iouType", "params", "stats", "perClass", "bootstrap", "comparison", "warnings"]);
    expect(out.comparison).toEqual({ metric: "ap", delta: 0, ci: [0, 0], fractionBetter: 0 });
  });

  it("--compare of two submissions is paired: swapping them negates the delta and the interval", async () => {
    const weaker = weakerResults();
    const [strong, weak, forward, backward] = await Promise.all([
      json(["--dt", SEGM]),
      json(["--dt", weaker]),
      json(["--dt", SEGM, "--bootstrap", "300", "--compare", weaker]),
      json(["--dt", weaker, "--bootstrap", "300", "--compare", SEGM]),
    ]);
    const f = forward.comparison!;
    const b = backward.comparison!;
    expect(f.metric).toBe("ap");
    expect(f.delta).toBe(strong.stats[0] - weak.stats[0]);
    expect(f.delta).toBeGreaterThan(0);
    expect(f.ci![0]).toBeLessThanOrEqual(f.ci![1]);
    expect(b.delta).toBe(-f.delta);
    expect(b.ci![0]).toBeCloseTo(-f.ci![1], 12);
    expect(b.ci![1]).toBeCloseTo(-f.ci![0], 12);
    expect(f.fractionBetter).toBeGreaterThan(0.5);
    expect(f.fractionBetter + b.fractionBetter).toBeLessThanOrEqual(1);
    // The compared file's own intervals are not printed: the bootstrap object is the --dt file's.
    expect(backward.bootstrap.ci.ap).not.toEqual(forward.bootstrap.ci.ap);
  });

  it("prints each stat with its interval, and the comparison", async () => {
    const run = await runEvalCli(["--gt", GT, "--dt", SEGM, "--bootstrap", "100", "--compare", SEGM]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Bootstrap: 95% percentile intervals over 100 replicates of the 100 images (seed 1)"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}AP {4}0\.320 \[0\.\d{3}, 0\.\d{3}\]$/);
    expect(lines[at + 9]).toMatch(/^ {2}AR100 0\.417 \[0\.\d{3}, 0\.\d{3}\]$/);
    expect(lines[at + 13]).toBe(`Paired comparison, AP of --dt minus --compare ${SEGM} (same draws):`);
    expect(lines[at + 14]).toBe("  delta 0.000 [0.000, 0.000]; --dt scores higher in 0.0% of replicates");
  });

  it("exits 2 with a specific message for bad values and combinations", async () => {
    const cases: [string[], RegExp][] = [
      [["--bootstrap", "abc"], /^error: --bootstrap "abc": give a whole number in \[100, 10000\]/],
      [["--bootstrap", "1.5"], /^error: --bootstrap "1\.5": give a whole number/],
      [["--bootstrap", "50"], /^error: --bootstrap "50": give a whole number in \[100, 10000\] \(the number of replicates; fewer than 100/],
      [["--bootstrap", "10001"], /^error: --bootstrap "10001"/],
      [["--bootstrap=-100"], /^error: --bootstrap "-100"/],
      [["--bootstrap", "100", "--seed=-1"], /^error: --seed "-1": give a whole number in \[0, 2147483647\]/],
      [["--bootstrap", "100", "--seed", "2147483648"], /^error: --seed "2147483648"/],
      [["--bootstrap", "100", "--ci-level", "1"], /^error: --ci-level "1": give the interval level as a number in \(0\.5, 1\)/],
      [["--bootstrap", "100", "--ci-level", "0.5"], /^error: --ci-level "0\.5"/],
      [["--bootstrap", "100", "--ci-level", "95"], /^error: --ci-level "95"/],
      [["--seed", "3"], /^error: --seed sets up the bootstrap: give --bootstrap B too/],
      [["--ci-level", "0.9"], /^error: --ci-level sets up the bootstrap/],
      [["--compare", SEGM], /^error: --compare sets up the bootstrap/],
      [["--bootstrap", "100", "--compare", `${DATA}/missing.json`], /^error: --compare \S+missing\.json: no such file/],
      [["--bootstrap", "100", "--metric", "miou"], /^error: --bootstrap re-accumulates COCOeval's matching: use it with --metric coco/],
      [["--bootstrap", "100", "--tide"], /^error: --bootstrap re-accumulates/],
      [
        ["--bootstrap", "100", "--max-dets", "1,10,50"],
        /^error: --bootstrap replicates the 12 numbers by Maskboard's rule.*--summarize largest/,
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runEvalCli(["--gt", GT, "--dt", SEGM, ...args])));
    runs.forEach((run, i) => {
      expect(run.stderr, cases[i][0].join(" ")).toMatch(cases[i][1]);
      expect(run.code, cases[i][0].join(" ")).toBe(2);
      expect(run.stdout).toBe("");
    });
  });

  it("names the --compare file when refusing it, and accepts --max-dets with --summarize largest", async () => {
    const bad = writeTemp("not-results.json", { images: [] });
    const refused = await runEvalCli(["--gt", GT, "--dt", SEGM, "--bootstrap", "100", "--compare", bad]);
    expect(refused.stderr).toMatch(new RegExp(`^error: --compare ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the top level`));
    expect(refused.code).toBe(2);
    const largest = await json(["--dt", SEGM, "--bootstrap", "100", "--max-dets", "1,10,50", "--summarize", "largest"]);
    expect(largest.bootstrap.ci.ap).not.toBeNull();
  });
});
