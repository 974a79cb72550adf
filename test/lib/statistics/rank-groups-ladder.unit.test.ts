// Tied rank groups and the ladder on replicate vectors built by hand.
import { describe, expect, it } from "vitest";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { ladderShown } from "@/lib/statistics/ladder";
import { rankGroups } from "@/lib/statistics/rank-groups";

/** 100 replicates: center + spread * (i - 49.5) / 49.5, i.e. evenly from center - spread to center + spread. */
const spread = (center: number, width: number) => Array.from({ length: 100 }, (_, i) => center + (width * (i - 49.5)) / 49.5);
/** Replicates that move with a common draw-to-draw noise (what pairing removes). */
const noisy = (offset: number) => Array.from({ length: 100 }, (_, i) => 0.4 + 0.1 * Math.sin(i) + offset);

describe("rankGroups", () => {
  it("opens a group when the paired interval of (leader - entry) excludes 0", () => {
    const entries = [noisy(0.02), noisy(0.019), noisy(0.01), noisy(0.0095), noisy(0)].map((replicates) => ({ replicates }));
    // Paired differences are constant here (the noise cancels): any nonzero offset is significant.
    expect(rankGroups(entries, 0.95)).toEqual([1, 2, 3, 4, 5]);
    // Unpaired-looking replicates (independent spreads) tie when their intervals overlap 0.
    const wide = [spread(0.5, 0.05), spread(0.49, 0.05), spread(0.4, 0.01), spread(0.39, 0.001)].map((replicates) => ({ replicates }));
    // leader 0.5 vs 0.49: differences are the constant 0.01 (same position i) -> separate.
    expect(rankGroups(wide, 0.95)).toEqual([1, 2, 3, 4]);
  });

  it("compares with the group leader, not with the previous entry", () => {
    // Differences to the leader: b ~ +-0.02 around 0.005 (tie), c ~ +-0.02 around 0.015 (tie with the
    // leader too), d: 0.05 (apart from the leader) -> d opens group 2.
    const a = new Array(100).fill(0.5);
    const b = a.map((v, i) => v - 0.005 + (i % 2 ? 0.02 : -0.02));
    const c = a.map((v, i) => v - 0.015 + (i % 2 ? 0.02 : -0.02));
    const d = a.map((v) => v - 0.05);
    expect(
      rankGroups(
        [a, b, c, d].map((replicates) => ({ replicates })),
        0.95,
      ),
    ).toEqual([1, 1, 1, 2]);
  });

  it("skips entries without replicates", () => {
    expect(rankGroups([{ replicates: [0.5, 0.5] }, { replicates: null }, { replicates: [0.5, 0.5] }], 0.95)).toEqual([1, null, 1]);
  });
});

describe("ladderShown", () => {
  it("moves only when the paired one-sided bound of the improvement is above 0", () => {
    const base = new Array(100).fill(0).map((_, i) => 0.4 + 0.1 * Math.sin(i));
    const tiny = base.map((v, i) => v + (i % 10 === 0 ? -0.01 : 0.002)); // better on average, worse in 10% of draws
    const real = base.map((v) => v + 0.01);
    expect(
      ladderShown(
        [
          { point: 0.4, replicates: base },
          { point: 0.401, replicates: tiny },
        ],
        0.95,
      ),
    ).toBe(0);
    expect(
      ladderShown(
        [
          { point: 0.4, replicates: base },
          { point: 0.401, replicates: tiny },
        ],
        0.85,
      ),
    ).toBe(1);
    expect(
      ladderShown(
        [
          { point: 0.4, replicates: base },
          { point: 0.41, replicates: real },
          { point: 0.401, replicates: tiny },
        ],
        0.95,
      ),
    ).toBe(1);
    expect(ladderShown([{ point: 0.4, replicates: null }], 0.95)).toBe(-1);
  });
});

describe("drawMultiplicities", () => {
  it("draws n images with replacement per replicate, the same for the same seed", () => {
    const a = drawMultiplicities(50, 20, 7);
    const b = drawMultiplicities(50, 20, 7);
    expect(a.counts).toEqual(b.counts);
    expect(drawMultiplicities(50, 20, 8).counts).not.toEqual(a.counts);
    for (let r = 0; r < 20; r++) expect(a.counts.subarray(r * 50, (r + 1) * 50).reduce((s, v) => s + v, 0)).toBe(50);
  });
});
