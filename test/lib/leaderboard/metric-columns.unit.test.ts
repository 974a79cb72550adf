import { describe, expect, it } from "vitest";
import {
  COCO_METRIC_PROTOCOL,
  definedMetricKeys,
  describeMetric,
  extraMetricKeys,
  metricGlossary,
  namedStats,
} from "@/lib/leaderboard/metrics";
import { rankingRuleText } from "@/lib/leaderboard/ranking";

describe("metrics a protocol defines", () => {
  it("are all twelve under COCO's protocol", () => {
    expect(definedMetricKeys(COCO_METRIC_PROTOCOL).size).toBe(12);
    expect(describeMetric("ap", COCO_METRIC_PROTOCOL)).toBe(
      "AP averaged over the 10 IoU thresholds (all areas, up to 100 detections per image)",
    );
  });

  it("leave out AP75 (and AP50, which would repeat AP) when IoU 0.50 is the only threshold", () => {
    const voc = { ...COCO_METRIC_PROTOCOL, iouThresholds: [0.5] };
    const keys = definedMetricKeys(voc);
    expect(keys.has("ap75")).toBe(false);
    expect(keys.has("ap50")).toBe(false);
    expect(keys.has("apSmall")).toBe(true);
    expect(describeMetric("ap", voc)).toContain("IoU 0.50");
  });

  it("follow the area ranges and maxDets", () => {
    const keys = definedMetricKeys({ iouThresholds: [0.5, 0.75], maxDets: [100], areaRanges: [{ name: "all" }, { name: "small" }] });
    expect([...keys].sort()).toEqual(["ap", "ap50", "ap75", "apSmall", "ar1", "arSmall"].sort());
  });

  it("name COCOeval's stats, undefined ones as null", () => {
    const named = namedStats([0.4, 0.6, -1, 0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.1, 0.2, 0.3]);
    expect(named).toMatchObject({ AP: 0.4, AP50: 0.6, AP75: null, APs: 0.1, AR100: 0.5, ARl: 0.3 });
    expect(Object.keys(named)).toHaveLength(12);
  });

  it("make the page's glossary: only the defined metrics, in COCOeval's order, with their labels", () => {
    expect(metricGlossary(COCO_METRIC_PROTOCOL).map((m) => m.label)).toEqual([
      "AP",
      "AP50",
      "AP75",
      "APs",
      "APm",
      "APl",
      "AR1",
      "AR10",
      "AR100",
      "ARs",
      "ARm",
      "ARl",
    ]);
    const voc = metricGlossary({ iouThresholds: [0.5], maxDets: [100], areaRanges: [{ name: "all" }] });
    expect(voc).toEqual([
      { key: "ap", label: "AP", text: "AP averaged over IoU 0.50 (all areas, up to 100 detections per image)" },
      { key: "ar1", label: "AR1", text: "Average recall with up to 100 detections per image" },
    ]);
  });

  it("add an LVIS family's APr, APc, APf and name its single AR after the family's limit", () => {
    const lvis = {
      iouThresholds: COCO_METRIC_PROTOCOL.iouThresholds,
      maxDets: [300],
      areaRanges: COCO_METRIC_PROTOCOL.areaRanges,
      metric: "LVIS" as const,
    };
    expect(metricGlossary(lvis).map((m) => m.label)).toEqual([
      "AP",
      "AP50",
      "AP75",
      "APs",
      "APm",
      "APl",
      "AR",
      "ARs",
      "ARm",
      "ARl",
      "APr",
      "APc",
      "APf",
    ]);
    expect(describeMetric("ar1", lvis)).toBe("LVIS average recall (AR@300)");
    expect(describeMetric("ar1", { ...lvis, metric: "LVIS_FIXED", maxDets: [10000] })).toBe("LVIS average recall (AR@10000/cat)");
    expect(describeMetric("apRare", lvis)).toMatch(/^AP of the rare classes/);
    expect(extraMetricKeys(lvis)).toEqual(["apRare", "apCommon", "apFrequent"]);
    expect(extraMetricKeys(COCO_METRIC_PROTOCOL)).toEqual([]);
  });

  it("add mIoU when the organizers show it as a secondary column", () => {
    const withMiou = { ...COCO_METRIC_PROTOCOL, miouScoreThreshold: 0.3 };
    expect(extraMetricKeys(withMiou)).toEqual(["miou"]);
    expect(metricGlossary(withMiou).at(-1)).toMatchObject({ key: "miou", label: "mIoU", text: expect.stringContaining("at least 0.3") });
    expect(definedMetricKeys({ ...COCO_METRIC_PROTOCOL, miouScoreThreshold: null }).has("miou")).toBe(false);
  });

  it("state the ranking rule with the primary metric's name", () => {
    expect(rankingRuleText("AP50")).toMatch(/^Each team is ranked by the AP50 of its best scored submission/);
    expect(rankingRuleText("AP")).toContain("share a rank (1, 2, 2, 4)");
    const groups = rankingRuleText("AP", { level: 0.9, ranking: "groups", ladder: "off" });
    expect(groups).toContain("shares its leader's rank (1, 1, 1, 4)");
    expect(groups).toContain("by the point estimate, then by the earlier submission");
    expect(groups).toContain("90% paired-bootstrap interval");
    expect(groups).not.toContain("1, 2, 2, 4");
    const ladder = rankingRuleText("AP", { level: 0.95, ranking: "point", ladder: "on" });
    expect(ladder).toMatch(/^Each team is ranked by the AP of its shown submission/);
    expect(ladder).toContain("one-sided 95% paired-bootstrap margin");
  });
});
