import { describe, expect, it } from "vitest";
import { decodeCounts, encodeCounts, InvalidRleError } from "@/lib/eval/mask";
import { loadMaskFixtures } from "./fixtures";

describe("compressed counts strings", () => {
  it("decodes by hand: one char per small count, differences two places back from the fourth count", () => {
    // The first three counts are absolute; 'O' would be -1 and wraps as uint32 like maskApi's cast.
    expect(Array.from(decodeCounts("01O"))).toEqual([0, 1, 2 ** 32 - 1]);
    // From the fourth on a count is a difference against the count two places back: 0 + counts[2], -1 + counts[3].
    expect(Array.from(decodeCounts("0150O"))).toEqual([0, 1, 5, 1, 4]);
  });

  it("round-trips large counts, negative differences and zero runs", () => {
    const counts = [0, 5, 0, 0, 123456, 7, 3, 2 ** 20, 1, 2 ** 31 - 1, 17, 2 ** 31 - 9, 0];
    const s = encodeCounts(counts);
    expect(Array.from(decodeCounts(s))).toEqual(counts);
    // 400000 - (2^31 - 9) takes a sign-extended 7th character, which maskApi misreads: refused (one-counts-decoder.test.ts).
    expect(() => decodeCounts(encodeCounts([...counts, 400000]))).toThrow(/count #14 .*negative difference/);
  });

  it("round-trips random run lists byte-identically", () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const counts = Array.from({ length: 1 + Math.floor(next() * 60) }, () => Math.floor(next() ** 3 * 5_000_000));
      const s = encodeCounts(counts);
      expect(Array.from(decodeCounts(s))).toEqual(counts);
      expect(encodeCounts(decodeCounts(s))).toBe(s);
    }
  });

  it("re-encodes every counts string pycocotools wrote in the fixtures to the same bytes", () => {
    let strings = 0;
    for (const fixture of loadMaskFixtures()) {
      for (const { counts } of Object.values(fixture.debug.gt_rle)) {
        expect(encodeCounts(decodeCounts(counts))).toBe(counts);
        strings++;
      }
    }
    expect(strings).toBeGreaterThan(800);
  });

  it("rejects a character outside '0'..'o' and says which and where", () => {
    expect(() => decodeCounts("12 4")).toThrow(InvalidRleError);
    expect(() => decodeCounts("12 4")).toThrow(/character " " at position 2 that is not in COCO's RLE alphabet/);
    expect(() => decodeCounts("1p")).toThrow(/character "p" at position 1 /);
    expect(() => decodeCounts("1/")).toThrow(/character "\/" at position 1 /);
  });

  it("rejects a string that ends inside a count (continuation bit set on the last character)", () => {
    // 'P' = 48 + 0x20: a chunk that says more chunks follow.
    expect(() => decodeCounts("00P")).toThrow(InvalidRleError);
    expect(() => decodeCounts("00P")).toThrow(/truncated: count #3/);
  });

  it("earlier results stay intact while later strings are decoded, across arena boundaries", () => {
    const lists = Array.from({ length: 3000 }, (_, i) => Array.from({ length: 100 }, (_, j) => (i * 7919 + j * 104729) % 100_000));
    const decoded = lists.map((counts) => decodeCounts(encodeCounts(counts)));
    expect(decoded.reduce((words, d) => words + d.length, 0)).toBeGreaterThan(1 << 18);
    decoded.forEach((d, i) => expect(Array.from(d)).toEqual(lists[i]));
  });

  it("a rejected string leaves the next decode unaffected", () => {
    expect(() => decodeCounts("0000P")).toThrow(InvalidRleError);
    expect(Array.from(decodeCounts("0150O"))).toEqual([0, 1, 5, 1, 4]);
  });

  it("decodes the empty string to no runs", () => {
    expect(decodeCounts("").length).toBe(0);
  });
});
