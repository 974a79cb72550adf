import { describe, expect, it } from "vitest";
import { percentileInterval, type ReplicateStats } from "@/lib/eval/bootstrap";
import { bytesFloat64, float64Bytes, primaryReplicates, statIntervals, storedIntervals } from "@/lib/statistics/intervals";
import { phaseSeed } from "@/lib/statistics/seed";

/** 3 replicates, 2 categories: stat i of replicate b is b + i / 100; class k's AP is 10 * k + b. */
function fakeReplicates(): ReplicateStats {
  const stats = Float64Array.from({ length: 36 }, (_, j) => Math.floor(j / 12) + (j % 12) / 100);
  const perClass = new Float64Array(3 * 2 * 12).fill(-1);
  for (let b = 0; b < 3; b++) for (let k = 0; k < 2; k++) perClass[(b * 2 + k) * 12] = 10 * k + b;
  return { replicates: 3, stats, perClass, categories: 2, helperReplicates: 0 };
}

describe("stored bootstrap numbers", () => {
  it("float64 bytes round-trip exactly, little-endian", () => {
    const values = Float64Array.from([0.1, -1, 1 / 3, Number.MIN_VALUE]);
    const bytes = float64Bytes(values);
    expect(new DataView(bytes.buffer).getFloat64(8, true)).toBe(-1);
    expect(bytesFloat64(bytes)).toEqual(values);
    expect(() => bytesFloat64(new Uint8Array(7))).toThrow(/not a list of Float64/);
  });

  it("the primary metric's replicates: a summary column, or one class's AP", () => {
    const r = fakeReplicates();
    expect(Array.from(primaryReplicates("AP50", r, [7, 9]))).toEqual([0.01, 1.01, 2.01]);
    expect(Array.from(primaryReplicates("class:9", r, [7, 9]))).toEqual([10, 11, 12]);
    expect(Array.from(primaryReplicates("class:8", r, [7, 9]))).toEqual([-1, -1, -1]);
    expect(() => primaryReplicates("mAP", r, [7, 9])).toThrow(/unknown primary metric/);
  });

  it("intervals of the 12 stats and of every class's AP", () => {
    const r = fakeReplicates();
    const stored = storedIntervals(r, [7, 9], 0.5);
    expect(stored.stats).toEqual(statIntervals(r.stats, 0.5));
    expect(stored.stats.ap).toEqual(percentileInterval([0, 1, 2], 0.5));
    expect(stored.perClass).toEqual({ "7": { ap: [0.5, 1.5] }, "9": { ap: [10.5, 11.5] } });
  });

  it("the seed: the organizer's, or one fixed per phase and config version", () => {
    expect(phaseSeed(42, "phase", 1)).toBe(42);
    expect(phaseSeed(null, "phase", 1)).toBe(phaseSeed(null, "phase", 1));
    expect(phaseSeed(null, "phase", 1)).not.toBe(phaseSeed(null, "phase", 2));
    expect(phaseSeed(null, "phase", 1)).not.toBe(phaseSeed(null, "other", 1));
    expect(phaseSeed(null, "phase", 1)).toBeLessThanOrEqual(0x7fffffff);
  });
});
