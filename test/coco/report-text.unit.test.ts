import { describe, expect, it } from "vitest";
import { formatClassTable, formatCocoSummary, formatFixed3 } from "@/lib/coco/report-text";
import { defaultParams, type ClassMetrics } from "@/lib/eval";

describe("formatFixed3 (Python's '{:0.3f}')", () => {
  it("rounds exact ties half to even like Python, everything else like toFixed", () => {
    expect(formatFixed3(0.0625)).toBe("0.062");
    expect(formatFixed3(0.5625)).toBe("0.562");
    expect(formatFixed3(0.1875)).toBe("0.188");
    expect(formatFixed3(0.9375)).toBe("0.938");
    expect(formatFixed3(0.3195452758576433)).toBe("0.320");
    expect(formatFixed3(0.0005)).toBe("0.001"); // not a tie in binary: 0.0005 is slightly above
    expect(formatFixed3(-1)).toBe("-1.000");
  });
});

describe("formatCocoSummary", () => {
  it("prints the 12 lines with thresholds and maxDets taken from the params", () => {
    const params = { ...defaultParams("segm"), iouThresholds: [0.3, 0.6], maxDets: [2, 20, 200] };
    const lines = formatCocoSummary({
      iouType: "segm",
      params,
      stats: Array.from({ length: 12 }, (_, k) => k / 16),
      perClass: [],
      prCurves: [],
    });
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(" Average Precision  (AP) @[ IoU=0.30:0.60 | area=   all | maxDets=200 ] = 0.000");
    expect(lines[1]).toBe(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=200 ] = 0.062");
    expect(lines[6]).toBe(" Average Recall     (AR) @[ IoU=0.30:0.60 | area=   all | maxDets=  2 ] = 0.375");
    expect(lines[10]).toBe(" Average Recall     (AR) @[ IoU=0.30:0.60 | area=medium | maxDets=200 ] = 0.625");
  });
});

describe("formatClassTable", () => {
  it("shows undefined metrics as '-' and keeps columns aligned", () => {
    const row = (categoryId: number, name: string, ap: number): ClassMetrics => ({
      categoryId,
      name,
      numGt: 3,
      numDt: 10,
      ap,
      ap50: ap,
      ap75: ap,
      apSmall: -1,
      apMedium: ap,
      apLarge: -1,
      ar1: ap,
      ar10: ap,
      ar100: ap,
      arSmall: -1,
      arMedium: ap,
      arLarge: -1,
    });
    const lines = formatClassTable([row(1, "car", 0.5), row(10, "traffic light", -1)]);
    expect(lines[0]).toMatch(/^\s+id class\s+#gt\s+#dt\s+AP\s+AP50\s+AP75\s+APs\s+APm\s+APl\s+AR1\s+AR10\s+AR100\s+ARs\s+ARm\s+ARl$/);
    expect(lines[1]).toMatch(/^\s+1 car\s+3\s+10\s+0\.500\s+0\.500\s+0\.500\s+-\s+0\.500\s+-/);
    expect(lines[2]).toMatch(/^\s+10 traffic light\s+3\s+10(\s+-){12}$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
