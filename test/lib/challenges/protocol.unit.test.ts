import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DEFAULT_PROTOCOL, IOU_PRESETS, ProtocolError, iouPresetOf, parseProtocol } from "@/lib/challenges/protocol";
import { protocolOfRow, rowDataOfProtocol, toEvalParams } from "@/lib/challenges/eval-params";
import { defaultParams } from "@/lib/eval/params";

describe("protocol presets", () => {
  it("COCO thresholds are numpy's linspace values, bit for bit", () => {
    expect(IOU_PRESETS.coco.thresholds).toHaveLength(10);
    expect(IOU_PRESETS.coco.thresholds[8]).toBe(0.8999999999999999);
    expect(IOU_PRESETS.coco.thresholds[9]).toBe(0.95);
  });

  it("the default protocol is pycocotools' default evaluation", () => {
    const params = toEvalParams({ ...rowDataOfProtocol(DEFAULT_PROTOCOL) });
    expect(params).toEqual(defaultParams("segm"));
  });

  it("accepts preset names and snaps a written COCO list to the exact values", () => {
    expect(parseProtocol({ iouThresholds: "pascal" }).iouThresholds).toEqual([0.5]);
    const written = parseProtocol({ iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95] });
    expect(written.iouThresholds).toEqual(IOU_PRESETS.coco.thresholds);
    expect(iouPresetOf(written.iouThresholds)).toBe("coco");
    expect(iouPresetOf([0.5, 0.6])).toBeNull();
  });

  it("rejects thresholds outside (0, 1] naming the element", () => {
    try {
      parseProtocol({ iouThresholds: [0.5, 0.75, 1.5] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZodError);
      const issue = (err as ZodError).issues[0];
      expect(issue.path).toEqual(["iouThresholds", 2]);
      expect(issue.message).toBe("1.5 is not in (0, 1]");
    }
    expect(() => parseProtocol({ iouThresholds: [0] })).toThrow(/0 is not in \(0, 1\]/);
  });

  it("checks rules spanning fields", () => {
    expect(() => parseProtocol({ iouThresholds: [0.75], primaryMetric: "AP50" })).toThrow(ProtocolError);
    expect(() => parseProtocol({ areaRanges: { all: [0, 1e10] }, primaryMetric: "APs" })).toThrow(/area range named "small"/);
    expect(() => parseProtocol({ maxDets: [10, 1] })).toThrow(/strictly increasing/);
    expect(() => parseProtocol({ areaRanges: { small: [0, 1024] } })).toThrow(/first area range must be "all"/);
    expect(() => parseProtocol({ primaryMetric: "mAP" })).toThrow(/class:<categoryId>/);
    expect(parseProtocol({ primaryMetric: "class:3" }).primaryMetric).toBe("class:3");
  });

  it("custom area ranges keep their order and round-trip through a row", () => {
    const p = parseProtocol({
      areaRanges: { all: [0, 1e10], tiny: [0, 100], rest: [100, 1e10] },
      classAveraging: "micro",
      iouType: "bbox",
    });
    expect(p.areaRanges.map((a) => a.name)).toEqual(["all", "tiny", "rest"]);
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
    expect(toEvalParams(rowDataOfProtocol(p))).toMatchObject({ iouType: "bbox", classAveraging: "micro" });
  });

  it("statistics default to B = 1000, level 0.95, a derived seed, point ranking, no ladder, and round-trip through a row", () => {
    expect(DEFAULT_PROTOCOL.statistics).toEqual({ replicates: 1000, level: 0.95, seed: null, ranking: "point", ladder: "off" });
    const p = parseProtocol({ statistics: { replicates: 2000, level: 0.9, seed: 7, ranking: "groups", ladder: "on" } });
    expect(p.statistics).toEqual({ replicates: 2000, level: 0.9, seed: 7, ranking: "groups", ladder: "on" });
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
    expect(parseProtocol({ statistics: { ladder: true } }).statistics.ladder).toBe("on");
  });

  it("refuses statistics out of bounds, naming the field", () => {
    const pathOf = (input: unknown) => {
      try {
        parseProtocol(input);
      } catch (err) {
        expect(err).toBeInstanceOf(ZodError);
        return (err as ZodError).issues[0].path.join(".") + ": " + (err as ZodError).issues[0].message;
      }
      throw new Error("expected a refusal");
    };
    expect(pathOf({ statistics: { replicates: 20000 } })).toBe("statistics.replicates: at most 10000 replicates");
    expect(pathOf({ statistics: { replicates: 10 } })).toMatch(/^statistics.replicates: at least 100 replicates/);
    expect(pathOf({ statistics: { level: 1 } })).toMatch(/^statistics.level: the interval level is a probability/);
    expect(pathOf({ statistics: { seed: -1 } })).toMatch(/^statistics.seed: /);
    expect(pathOf({ statistics: { ranking: "elo" } })).toBe('statistics.ranking: ranking is "point" or "groups"');
    expect(pathOf({ statistics: { bootstrap: 1 } })).toMatch(/^statistics: /);
  });
});
