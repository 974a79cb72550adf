// The upload validator (lib/coco), the evaluator (decodeCounts) and the fused decode pass
// (decodeMeasureMasks, also run by the helper thread) read a counts string with ONE decoder: they
// accept the same strings and decode them to the same runs. The cases are the counts longer than 6
// characters, where the three copies used to disagree (the validator refused every one, the
// evaluator and the fused pass accepted all).
import { describe, expect, it } from "vitest";
import { compressedCountsProblem } from "@/lib/coco/segmentation-check";
import {
  allocateMaskColumns,
  decodeCountAt,
  decodeCounts,
  decodeMeasureMasks,
  encodeCounts,
  InvalidRleError,
  mergeZeroRuns,
  prepareRle,
} from "@/lib/eval/mask";

type Case = { name: string; counts: string; h: number; w: number; runs: number[] | null };

const cases: Case[] = [
  {
    // maskApi's rleToString writes 7 characters for a run of 2^29 pixels or more, and its
    // rleFrString reads them back exactly while the 7th character is 0 or 1 (no int overflow).
    name: "a run of 2^29 + 5 pixels (7 characters): pycocotools decodes it exactly",
    counts: encodeCounts([2 ** 29 + 5, 10]),
    h: 1,
    w: 2 ** 29 + 15,
    runs: [2 ** 29 + 5, 10],
  },
  {
    // A 7th character of 2 or 3 overflows maskApi's int shift; the low 32 bits, which (uint) keeps, are still right.
    name: "a run of 2^31 + 3 pixels (7 characters, 7th chunk 2)",
    counts: encodeCounts([2 ** 31 + 3, 1]),
    h: 2,
    w: 2 ** 30 + 2,
    runs: [2 ** 31 + 3, 1],
  },
  {
    // cnts[3] - cnts[1] = 1 - 2^30 needs a sign-extended 7th chunk: maskApi computes -1 << 35 there
    // (undefined in C; x86 makes it -1 << 3) and decodes garbage. Refused.
    name: "a difference of 1 - 2^30 (7 characters, sign-extended): undefined in maskApi",
    counts: encodeCounts([0, 2 ** 30, 5, 1]),
    h: 2,
    w: (2 ** 30 + 6) / 2,
    runs: null,
  },
  {
    name: "an 8-character count: never written by maskApi, shifted by 35 when read",
    counts: "PPPPPPP0" + "1",
    h: 1,
    w: 1,
    runs: null,
  },
  {
    name: "a 6-character count (the longest maskApi always reads exactly)",
    counts: encodeCounts([2 ** 29 - 1, 3]),
    h: 2,
    w: 2 ** 28 + 1,
    runs: [2 ** 29 - 1, 3],
  },
];

function evaluatorRuns(c: Case): number[] | null {
  try {
    const rle = prepareRle({ h: c.h, w: c.w, counts: decodeCounts(c.counts) }, "results[0].segmentation");
    return Array.from(rle.counts);
  } catch (e) {
    if (e instanceof InvalidRleError) return null;
    throw e;
  }
}

function fusedRuns(c: Case): number[] | null {
  const out = allocateMaskColumns(1, c.counts.length, false);
  const invalid = decodeMeasureMasks(
    [c.counts],
    0,
    0,
    1,
    Int32Array.of(c.h),
    Int32Array.of(c.w),
    out,
    0,
    null,
    decodeCountAt,
    mergeZeroRuns,
  );
  if (invalid >= 0) return null;
  return Array.from(out.counts.subarray(out.start[0], out.start[0] + out.runs[0]));
}

describe("one counts decoder", () => {
  for (const c of cases) {
    it(`validator, evaluator and fused pass agree: ${c.name}`, () => {
      const validator = compressedCountsProblem(c.counts, c.h * c.w);
      expect(validator === null, `validator: ${validator}`).toBe(c.runs !== null);
      expect(evaluatorRuns(c)).toEqual(c.runs);
      expect(fusedRuns(c)).toEqual(c.runs);
    });
  }

  it("says why a count pycocotools cannot read consistently is refused", () => {
    expect(() => decodeCounts(cases[2].counts)).toThrow(/count #4 .*7 characters.*negative/);
    expect(compressedCountsProblem(cases[2].counts, cases[2].h * cases[2].w)).toMatch(/count #4 .*7 characters.*negative/);
    expect(() => decodeCounts(cases[3].counts)).toThrow(/count #1 .*longer than 7 characters/);
  });
});
