import { describe, expect, it } from "vitest";
import { phaseInputFromForm, protocolInputFromForm, splitInputFromForm, utcFromLocalInput } from "@/lib/challenges/form-input";
import { IOU_PRESETS, parseProtocol } from "@/lib/challenges/protocol";
import { phaseBodySchema } from "@/lib/challenges/schemas";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe("organizer form fields", () => {
  it("read the IoU presets and custom lists", () => {
    expect(parseProtocol(protocolInputFromForm(form({ iouPreset: "pascal" }))).iouThresholds).toEqual([0.5]);
    expect(parseProtocol(protocolInputFromForm(form({ iouPreset: "coco" }))).iouThresholds).toEqual(IOU_PRESETS.coco.thresholds);
    expect(parseProtocol(protocolInputFromForm(form({ iouPreset: "custom", iouCustom: "0.9, 0.5 0.7" }))).iouThresholds).toEqual([
      0.5, 0.7, 0.9,
    ]);
    expect(() => protocolInputFromForm(form({ iouPreset: "custom", iouCustom: "0.5, abc" }))).toThrow(/"abc" is not a number/);
  });

  it("read the statistics fields: defaults when empty, the seed empty means derived", () => {
    expect(parseProtocol(protocolInputFromForm(form({}))).statistics).toEqual({
      replicates: 1000,
      level: 0.95,
      seed: null,
      ranking: "point",
      ladder: "off",
    });
    const stated = form({ replicates: "2500", ciLevel: "0.9", bootstrapSeed: "11", ranking: "groups", ladder: "on" });
    expect(parseProtocol(protocolInputFromForm(stated)).statistics).toEqual({
      replicates: 2500,
      level: 0.9,
      seed: 11,
      ranking: "groups",
      ladder: "on",
    });
  });

  it("read custom area ranges line by line", () => {
    const p = parseProtocol(
      protocolInputFromForm(
        form({ areaPreset: "custom", areaCustom: "all: 0, 1e10\ntiny: 0, 64\n", classAveraging: "micro", maxDets: "5, 50" }),
      ),
    );
    expect(p.areaRanges).toEqual([
      { name: "all", range: [0, 1e10] },
      { name: "tiny", range: [0, 64] },
    ]);
    expect(p).toMatchObject({ classAveraging: "micro", maxDets: [5, 50] });
    expect(() => protocolInputFromForm(form({ areaPreset: "custom", areaCustom: "broken line" }))).toThrow(/line 1/);
  });

  it("read datetime-local values as UTC and the split modes", () => {
    expect(utcFromLocalInput("2026-03-01T12:30")).toBe("2026-03-01T12:30:00Z");
    const body = phaseBodySchema.parse(
      Object.fromEntries(
        Object.entries(
          phaseInputFromForm(
            form({ name: "Dev", slug: "dev", startsAt: "2026-01-01T00:00", endsAt: "2026-02-01T00:00", maxUploadMiB: "10" }),
          ),
        ).filter(([, v]) => v !== undefined),
      ),
    );
    expect(body.startsAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(body.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(splitInputFromForm(form({ splitMode: "PERCENT", publicPercent: "30", seed: "4" }))).toEqual({ publicPercent: 30, seed: 4 });
    expect(splitInputFromForm(form({ splitMode: "LIST", publicImageIds: "3, 1 2" }))).toEqual({ publicImageIds: [3, 1, 2] });
  });
});
