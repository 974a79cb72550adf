// decodeMeasureMasks (one pass: decode + area + box + coverage check + merging interior zero-length
// runs) against the definition prepareRle(canonicalRle(decodeCounts)), on every compressed RLE of the fixtures and on the edge cases.
import { describe, expect, it } from "vitest";
import {
  allocateMaskColumns,
  canonicalRle,
  decodeCountAt,
  decodeCounts,
  decodeMeasureMasks,
  encodeCounts,
  mergeZeroRuns,
  prepareRle,
  type MaskColumns,
} from "@/lib/eval/mask";
import { loadMaskFixtures } from "./fixtures";

type Case = { counts: string; h: number; w: number };

function decodeAll(cases: Case[], keep: Uint8Array | null = null): { out: MaskColumns; invalid: number } {
  const strings = cases.map((c) => c.counts);
  const out = allocateMaskColumns(
    cases.length,
    strings.reduce((a, s) => a + s.length, 0),
    false,
  );
  const invalid = decodeMeasureMasks(
    strings,
    0,
    0,
    cases.length,
    Int32Array.from(cases, (c) => c.h),
    Int32Array.from(cases, (c) => c.w),
    out,
    0,
    keep,
    decodeCountAt,
    mergeZeroRuns,
  );
  return { out, invalid };
}

function expectSameAsTwoPasses(cases: Case[]): void {
  // Every other mask only measured: its numbers must not depend on storing the runs.
  const keep = Uint8Array.from(cases, (_, i) => i % 2);
  const { out, invalid } = decodeAll(cases, keep);
  expect(invalid).toBe(-1);
  cases.forEach((c, i) => {
    const decoded = decodeCounts(c.counts);
    const runs = decoded.length;
    const reference = prepareRle(canonicalRle({ h: c.h, w: c.w, counts: decoded }));
    expect(out.runs[i]).toBe(reference.counts.length);
    expect(out.merged[i]).toBe(reference.counts.length === runs ? 0 : 1);
    if (keep[i]) expect(Array.from(out.counts.subarray(out.start[i], out.start[i] + out.runs[i]))).toEqual(Array.from(reference.counts));
    else expect(out.start[i]).toBe(-1);
    expect(out.area[i]).toBe(reference.area);
    expect(Array.from(out.box.subarray(4 * i, 4 * i + 4))).toEqual(reference.bbox);
  });
}

describe("decodeMeasureMasks", () => {
  it("equals decodeCounts + prepareRle on every compressed RLE of the fixtures (GT and results)", () => {
    const cases: Case[] = [];
    for (const f of loadMaskFixtures()) {
      for (const rle of Object.values(f.debug.gt_rle)) cases.push({ counts: rle.counts, h: rle.size[0], w: rle.size[1] });
      for (const dt of f.dts) {
        const seg = dt.segmentation;
        if (seg && !Array.isArray(seg) && typeof seg.counts === "string")
          cases.push({ counts: seg.counts, h: seg.size[0], w: seg.size[1] });
      }
    }
    expect(cases.length).toBeGreaterThan(1000);
    expectSameAsTwoPasses(cases);
  });

  it("equals them on the edge cases: leading 0 run, zero-length runs, runs across columns, empty and full masks", () => {
    expectSameAsTwoPasses([
      { counts: encodeCounts([0, 6]), h: 2, w: 3 }, // full mask, starts with a 0 background run
      { counts: encodeCounts([6]), h: 3, w: 2 }, // empty: one background run
      { counts: encodeCounts([2, 0, 0, 3, 1]), h: 3, w: 2 }, // zero-length runs merged: [2, 3, 1]
      { counts: encodeCounts([1, 0, 5]), h: 3, w: 2 }, // foreground runs all empty: merged to [6], box [0, 0, 0, 0]
      { counts: encodeCounts([1, 0]), h: 1, w: 1 }, // a trailing 0 is not interior: kept, the wrapped uint32 box
      { counts: encodeCounts([2, 5, 3, 1, 1]), h: 4, w: 3 }, // a run crossing two column boundaries
      { counts: encodeCounts([3, 1, 0, 1, 1]), h: 3, w: 2 }, // runs ending exactly at a column end
      { counts: "", h: 0, w: 0 }, // no pixels
      { counts: encodeCounts([0, 0]), h: 0, w: 5 },
      { counts: encodeCounts([100000, 200000, 7200]), h: 480, w: 640 }, // multi-character counts
    ]);
  });

  it("returns the first invalid mask: bad character, truncated string, runs not covering the image", () => {
    const good = { counts: encodeCounts([2, 2]), h: 2, w: 2 };
    expect(decodeAll([good, { counts: "0!", h: 2, w: 2 }, good]).invalid).toBe(1);
    expect(decodeAll([good, good, { counts: "h", h: 2, w: 2 }]).invalid).toBe(2); // 'h' continues past the end
    expect(decodeAll([{ counts: encodeCounts([2, 1]), h: 2, w: 2 }, good]).invalid).toBe(0); // 3 of 4 pixels
    expect(decodeAll([good, { counts: "p", h: 1, w: 1 }]).invalid).toBe(1); // 'p' is past 'o'
  });
});
