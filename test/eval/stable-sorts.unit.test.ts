// The comparator-free sorts must order exactly as a stable comparator sort (numpy mergesort ties).
import { describe, expect, it } from "vitest";
import { stableSortByKey, stableSortByScoreDescending, stableSortByScoreDescendingWithRanks } from "@/lib/eval/stable-sorts";

function seeded(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("stable sorts", () => {
  it("orders by descending score like a stable comparator sort: ties in input order, -0 equal to 0, negatives and tiny values", () => {
    const random = seeded(42);
    const pool = [0, -0, 1, -1, 0.5, 0.5000000000000001, 1e-300, -1e-300, 5e-324, 0.9, 0.3, 1e10, -2.5];
    const score = Float64Array.from({ length: 5000 }, () => (random() < 0.5 ? pool[Math.floor(random() * pool.length)] : random() * 2 - 1));
    const order = Int32Array.from({ length: 3000 }, () => Math.floor(random() * score.length));
    const expected = Array.from(order)
      .map((item, position) => ({ item, position }))
      .sort((a, b) => score[b.item] - score[a.item] || a.position - b.position)
      .map((e) => e.item);
    expect(Array.from(stableSortByScoreDescending(order, score))).toEqual(expected);
  });

  it("matches a stable comparator sort when whole 16-bit digits are shared (skipped radix passes) or only the low bits differ", () => {
    const random = seeded(7);
    const comparatorOrder = (order: Int32Array, score: Float64Array) =>
      Array.from(order)
        .map((item, position) => ({ item, position }))
        .sort((a, b) => score[b.item] - score[a.item] || a.position - b.position)
        .map((e) => e.item);
    const n = 20000;
    const threeDecimals = Float64Array.from({ length: n }, () => Math.round(random() * 1000) / 1000);
    const lowBitsOnly = Float64Array.from({ length: n }, () => 0.5 + Math.floor(random() * 70000) * 2 ** -53);
    const allEqual = new Float64Array(n).fill(0.25);
    const signsAndZeros = Float64Array.from({ length: n }, () => [0, -0, -1e-308, 1e-308, -0.75, 0.75][Math.floor(random() * 6)]);
    for (const score of [threeDecimals, lowBitsOnly, allEqual, signsAndZeros]) {
      const order = Int32Array.from({ length: n }, () => Math.floor(random() * n));
      expect(Array.from(stableSortByScoreDescending(order, score))).toEqual(comparatorOrder(order, score));
    }
  });

  it("score ranks from one sort make a counting sort of any subset order exactly as the score sort", () => {
    const random = seeded(99);
    const pool = [0, -0, 1, 0.5, 0.5000000000000001, 1e-300, 5e-324, -2.5, 0.832, 0.824];
    const n = 30000;
    const score = Float64Array.from({ length: n }, () =>
      random() < 0.7 ? pool[Math.floor(random() * pool.length)] : Math.round(random() * 1000) / 1000,
    );
    const listed = Int32Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.9);
    const { sorted, rank, distinct } = stableSortByScoreDescendingWithRanks(listed, score);
    expect(Array.from(sorted)).toEqual(Array.from(stableSortByScoreDescending(listed, score)));
    expect(distinct).toBe(new Set(Array.from(listed, (i) => score[i] + 0)).size);
    for (let trial = 0; trial < 5; trial++) {
      const subset = listed.filter(() => random() < 0.5);
      for (let i = subset.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [subset[i], subset[j]] = [subset[j], subset[i]];
      }
      expect(Array.from(stableSortByKey(subset, rank, distinct))).toEqual(Array.from(stableSortByScoreDescending(subset, score)));
    }
  });

  it("orders by a small integer key, ties in input order", () => {
    const key = Int32Array.from([3, 1, 3, 0, 1, 2]);
    expect(Array.from(stableSortByKey(Int32Array.from([5, 4, 3, 2, 1, 0]), key, 4))).toEqual([3, 4, 1, 5, 2, 0]);
  });
});
