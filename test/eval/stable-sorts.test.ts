// The comparator-free sorts must order exactly as a stable comparator sort (numpy mergesort ties).
import { describe, expect, it } from "vitest";
import { stableSortByKey, stableSortByScoreDescending } from "@/lib/eval/stable-sorts";

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
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

  it("orders by a small integer key, ties in input order", () => {
    const key = Int32Array.from([3, 1, 3, 0, 1, 2]);
    expect(Array.from(stableSortByKey(Int32Array.from([5, 4, 3, 2, 1, 0]), key, 4))).toEqual([3, 4, 1, 5, 2, 0]);
  });
});
