// A protocol is evaluation work multiplied out (thresholds x area ranges x maxDets): organizers may not
// ask for unbounded amounts of it. 100,000 thresholds and 2,001 area ranges used to be accepted.
import { describe, expect, it } from "vitest";
import { MAX_AREA_RANGES, MAX_IOU_THRESHOLDS, MAX_MAX_DETS, parseProtocol } from "@/lib/challenges/protocol";

const thresholds = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) / n);
const areaRanges = (n: number) =>
  Object.fromEntries([["all", [0, 1e10]], ...Array.from({ length: n - 1 }, (_, i) => [`r${i}`, [i, i + 1]])]);

describe("protocol caps", () => {
  it(`accepts ${MAX_IOU_THRESHOLDS} IoU thresholds, refuses more with a clear error`, () => {
    expect(parseProtocol({ iouThresholds: thresholds(MAX_IOU_THRESHOLDS) }).iouThresholds).toHaveLength(MAX_IOU_THRESHOLDS);
    expect(() => parseProtocol({ iouThresholds: thresholds(MAX_IOU_THRESHOLDS + 1) })).toThrow(/at most 100 IoU thresholds/);
    expect(() => parseProtocol({ iouThresholds: thresholds(100_000) })).toThrow(/at most 100 IoU thresholds/);
  });

  it(`accepts ${MAX_AREA_RANGES} area ranges, refuses more`, () => {
    expect(parseProtocol({ areaRanges: areaRanges(MAX_AREA_RANGES) }).areaRanges).toHaveLength(MAX_AREA_RANGES);
    expect(() => parseProtocol({ areaRanges: areaRanges(MAX_AREA_RANGES + 1) })).toThrow(/at most 10 area ranges/);
    expect(() => parseProtocol({ areaRanges: areaRanges(2001) })).toThrow(/at most 10 area ranges/);
  });

  it(`accepts maxDets up to ${MAX_MAX_DETS}, refuses larger values`, () => {
    expect(parseProtocol({ maxDets: [1, 100, MAX_MAX_DETS] }).maxDets).toEqual([1, 100, MAX_MAX_DETS]);
    expect(() => parseProtocol({ maxDets: [1, 100, MAX_MAX_DETS + 1] })).toThrow(/maxDets value is at most 10,000/);
    expect(() => parseProtocol({ maxDets: [1e9] })).toThrow(/maxDets value is at most 10,000/);
  });
});
