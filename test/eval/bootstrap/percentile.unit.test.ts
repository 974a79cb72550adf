// Percentile intervals and paired comparisons, against numbers numpy gives (np.quantile, method="linear").
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pairedComparison, pairedLowerBound, percentileInterval, quantileSorted } from "@/lib/eval/bootstrap/percentile";

describe("quantileSorted", () => {
  it("is numpy's linear quantile", () => {
    const x = [1, 2, 4, 8, 16];
    // np.quantile([1,2,4,8,16], [0, .1, .25, .5, .6, .9, 1]) = [1, 1.4, 2, 4, 5.6, 12.8, 16]
    expect([0, 0.1, 0.25, 0.5, 0.6, 0.9, 1].map((q) => quantileSorted(x, q))).toEqual([1, 1.4, 2, 4, 5.6, 12.8, 16]);
  });

  it("the 95% interval of 1,000 values is np.quantile(x, [0.025, 0.975]) bit for bit", () => {
    // x = np.sort(np.random.default_rng(3).random(1000)), written with 17 significant digits.
    const x = readFileSync(path.join(import.meta.dirname, "quantile-values.txt"), "utf8")
      .trim()
      .split("\n")
      .map(Number);
    expect(percentileInterval(x, 0.95)).toEqual([0.02699830676557859, 0.9670252996478189]);
    expect(pairedLowerBound(x, new Array(1000).fill(0), 0.95)).toBe(0.05297231750183198);
  });
});

describe("percentileInterval", () => {
  it("takes the 2.5% and 97.5% quantiles at level 0.95, leaving undefined (-1) replicates out", () => {
    const values = [...Array.from({ length: 41 }, (_, i) => i / 40), -1, -1];
    // 41 defined values 0, 0.025, ..., 1: h = 40 * 0.025 = 1 -> 0.025; h = 39 -> 0.975.
    expect(percentileInterval(values, 0.95)).toEqual([0.025, 0.975]);
    expect(percentileInterval([-1, -1], 0.95)).toBeNull();
  });
});

describe("pairedComparison", () => {
  it("compares replicate by replicate", () => {
    const first = { point: 0.5, replicates: [0.5, 0.6, 0.4, 0.7, -1] };
    const second = { point: 0.45, replicates: [0.4, 0.65, 0.3, 0.5, 0.5] };
    const c = pairedComparison(first, second, 0.5);
    // Differences over the 4 replicates defining both: 0.1, -0.05, 0.1, 0.2 (floating point);
    // np.quantile(np.sort(d), [.25, .75]) = [0.06249999999999997, 0.125].
    expect(c.delta).toBeCloseTo(0.05, 15);
    expect(c.replicates).toBe(4);
    expect(c.fractionBetter).toBe(0.75);
    expect(c.ci).toEqual([0.06249999999999997, 0.125]);
  });

  it("the one-sided lower bound is the (1 - level) quantile of the differences", () => {
    const first = Array.from({ length: 101 }, (_, i) => i / 100);
    const second = new Array(101).fill(0.1);
    // Differences -0.1 .. 0.9: the 5% quantile is at index 5 -> 0.05 - 0.1.
    expect(pairedLowerBound(first, second, 0.95)).toBe(-0.05);
    expect(() => pairedLowerBound([1], [1, 2], 0.95)).toThrow(/same draws/);
  });
});
