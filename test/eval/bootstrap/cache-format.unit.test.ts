// A stored replicate cache gives the same replicates as the one it was made from.
import { describe, expect, it } from "vitest";
import { defaultParams, prepareGroundTruth, type EvalParams } from "@/lib/eval";
import {
  ReplicateCacheFormatError,
  decodeReplicateCache,
  encodeReplicateCache,
  evaluateForBootstrap,
  runReplicates,
} from "@/lib/eval/bootstrap";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { boxCase } from "@/scripts/synth/boxes";

describe("replicate cache bytes", () => {
  const { gt, dt } = boxCase({ seed: 4, images: 30, categories: 3, gtPerImage: 3, crowd: 0.05 });
  const cases: [string, EvalParams][] = [
    ["macro", defaultParams("bbox")],
    ["micro (own per-class lists)", { ...defaultParams("bbox"), classAveraging: "micro" }],
    ["useCats off (no per-class lists)", { ...defaultParams("bbox"), useCats: false }],
  ];
  for (const [name, params] of cases) {
    it(`round-trips: ${name}`, () => {
      const { cache } = evaluateForBootstrap(prepareGroundTruth(gt, "bbox"), dt, params);
      const bytes = encodeReplicateCache(cache);
      // Decoding from an unaligned offset inside a larger buffer must work too.
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      const back = decodeReplicateCache(shifted.subarray(3));
      // A Node Buffer inside a larger allocation (as files are read): its slice() is a view, not a copy.
      const pooled = Buffer.alloc(bytes.length + 16);
      pooled.set(bytes, 8);
      const fromBuffer = decodeReplicateCache(pooled.subarray(8, 8 + bytes.length));
      expect(Array.from(fromBuffer.imageIds)).toEqual(Array.from(cache.imageIds));
      expect(back.params).toEqual(cache.params);
      expect(back.perClass === back.summary).toBe(cache.perClass === cache.summary);
      const draws = drawMultiplicities(cache.imageIds.length, 20, 3);
      const a = runReplicates(cache, draws, { perClass: true, parallel: false });
      const b = runReplicates(back, draws, { perClass: true, parallel: false });
      expect(Array.from(b.stats)).toEqual(Array.from(a.stats));
      expect(Array.from(b.perClass!)).toEqual(Array.from(a.perClass!));
    });
  }

  it("refuses bytes that are not a cache, or a truncated one", () => {
    expect(() => decodeReplicateCache(new TextEncoder().encode("{}"))).toThrow(ReplicateCacheFormatError);
    const { cache } = evaluateForBootstrap(prepareGroundTruth(gt, "bbox"), dt, defaultParams("bbox"));
    const bytes = encodeReplicateCache(cache);
    expect(() => decodeReplicateCache(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
  });
});
