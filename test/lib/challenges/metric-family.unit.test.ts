// The metric family of a phase (COCO AP, Boundary AP, LVIS AP, LVIS Fixed AP) and mIoU as a secondary
// column: one schema for the API, the form and the YAML file; rows keep every field.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { protocolOfRow, rowDataOfProtocol, toEvalParams } from "@/lib/challenges/eval-params";
import { protocolInputFromForm } from "@/lib/challenges/form-input";
import { DEFAULT_PROTOCOL, IOU_PRESETS, ProtocolError, parseProtocol } from "@/lib/challenges/protocol";
import { definitionObject, parseChallengeYaml, toYaml } from "@/lib/challenges/yaml";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

function refusal(input: unknown): ProtocolError {
  try {
    parseProtocol(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error("expected the protocol to be refused");
}

describe("metric families", () => {
  it("default to COCO AP, no mIoU, the default dilation ratio", () => {
    expect(DEFAULT_PROTOCOL).toMatchObject({ metric: "coco", iouType: "segm", dilationRatio: 0.02, miou: null });
    expect(toEvalParams(rowDataOfProtocol(DEFAULT_PROTOCOL))).not.toHaveProperty("dilationRatio");
  });

  it("Boundary AP is COCO with iouType boundary; its dilation ratio reaches the evaluator", () => {
    const p = parseProtocol({ iouType: "boundary", dilationRatio: 0.03, maxDets: [1, 10, 50] });
    expect(p).toMatchObject({ metric: "coco", iouType: "boundary", dilationRatio: 0.03, maxDets: [1, 10, 50] });
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
    expect(toEvalParams(rowDataOfProtocol(p))).toMatchObject({ iouType: "boundary", dilationRatio: 0.03, maxDets: [1, 10, 50] });
  });

  it("a dilation ratio is refused outside (0, 1] and on IoU types without a boundary", () => {
    expect(() => parseProtocol({ iouType: "boundary", dilationRatio: 0 })).toThrow(ZodError);
    expect(() => parseProtocol({ iouType: "boundary", dilationRatio: 1.5 })).toThrow(/dilationRatio must be in \(0, 1\]/);
    const err = refusal({ iouType: "segm", dilationRatio: 0.05 });
    expect(err.message).toMatch(/applies to iouType boundary only \(this protocol uses segm\)/);
    expect(err.problems).toEqual([{ path: "dilationRatio", message: err.message }]);
    expect(parseProtocol({ iouType: "segm", dilationRatio: 0.02 }).dilationRatio).toBe(0.02);
  });

  it("LVIS AP fixes thresholds, 300 detections per image, COCO areas and macro averaging", () => {
    const p = parseProtocol({ metric: "lvis", primaryMetric: "APr" });
    expect(p).toEqual({
      metric: "lvis",
      iouType: "segm",
      dilationRatio: 0.02,
      iouThresholds: IOU_PRESETS.coco.thresholds,
      maxDets: [300],
      areaRanges: DEFAULT_PROTOCOL.areaRanges,
      classAveraging: "macro",
      primaryMetric: "APr",
      statistics: DEFAULT_PROTOCOL.statistics,
      miou: null,
    });
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
    expect(parseProtocol({ metric: "lvis", iouType: "bbox", maxDets: [300], iouThresholds: "coco" }).iouType).toBe("bbox");
    expect(parseProtocol({ metric: "lvis", iouType: "boundary" }).iouType).toBe("boundary");
  });

  it("LVIS refuses changes to the fields its reference fixes, naming the field", () => {
    expect(refusal({ metric: "lvis", maxDets: [100] }).message).toBe(
      "LVIS AP keeps the top 300 detections per image; remove maxDets (or write [300])",
    );
    expect(refusal({ metric: "lvis", iouThresholds: [0.5] }).path).toEqual(["iouThresholds"]);
    expect(refusal({ metric: "lvis", areaRanges: { all: [0, 1e10] } }).message).toMatch(/COCO's area ranges/);
    expect(refusal({ metric: "lvis", classAveraging: "micro" }).path).toEqual(["classAveraging"]);
    expect(refusal({ metric: "lvis", primaryMetric: "AR100" }).message).toMatch(
      /not an LVIS AP metric: use one of AP, .*APr, APc, APf, AR/,
    );
    expect(refusal({ primaryMetric: "APr" }).message).toMatch(/APr is an LVIS metric; COCO AP ranks by one of/);
  });

  it("LVIS Fixed AP is boundary IoU with 10,000 detections per category", () => {
    const p = parseProtocol({ metric: "lvis-fixed", dilationRatio: 0.02, primaryMetric: "AP" });
    expect(p).toMatchObject({ metric: "lvis-fixed", iouType: "boundary", maxDets: [10000] });
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
    expect(refusal({ metric: "lvis-fixed", iouType: "segm" }).message).toMatch(/always uses boundary IoU/);
    expect(refusal({ metric: "lvis-fixed", maxDets: [300] }).message).toMatch(/10000 detections per category, none per image/);
    expect(() => parseProtocol({ metric: "lvis-2021" })).toThrow(/must be one of coco, lvis, lvis-fixed/);
  });

  it("mIoU is a secondary column with a score threshold in [0, 1]", () => {
    expect(parseProtocol({ miou: true }).miou).toEqual({ scoreThreshold: 0.5 });
    expect(parseProtocol({ miou: { scoreThreshold: 0.3 } }).miou).toEqual({ scoreThreshold: 0.3 });
    expect(parseProtocol({ miou: false }).miou).toBeNull();
    expect(parseProtocol({ metric: "lvis", miou: { scoreThreshold: 0.1 } }).miou).toEqual({ scoreThreshold: 0.1 });
    expect(() => parseProtocol({ miou: { scoreThreshold: 2 } })).toThrow(/scoreThreshold must be in \[0, 1\]/);
    expect(() => parseProtocol({ miou: { threshold: 0.5 } })).toThrow(ZodError);
    const p = parseProtocol({ miou: { scoreThreshold: 0.25 } });
    expect(rowDataOfProtocol(p).miouScoreThreshold).toBe(0.25);
    expect(protocolOfRow(rowDataOfProtocol(p))).toEqual(p);
  });
});

describe("the organizer form", () => {
  it("reads the family, the boundary width and mIoU", () => {
    const boundary = parseProtocol(
      protocolInputFromForm(form({ metric: "coco", iouType: "boundary", dilationRatio: "0.01", iouPreset: "coco" })),
    );
    expect(boundary).toMatchObject({ metric: "coco", iouType: "boundary", dilationRatio: 0.01, miou: null });
    // A segm phase ignores the dilation field the form always posts.
    expect(parseProtocol(protocolInputFromForm(form({ iouType: "segm", dilationRatio: "0.05" }))).dilationRatio).toBe(0.02);
    const withMiou = parseProtocol(protocolInputFromForm(form({ miou: "on", miouScoreThreshold: "0.4" })));
    expect(withMiou.miou).toEqual({ scoreThreshold: 0.4 });
    expect(parseProtocol(protocolInputFromForm(form({ miou: "on", miouScoreThreshold: "" }))).miou).toEqual({ scoreThreshold: 0.5 });
  });

  it("an LVIS family ignores the COCO-only fields the form posts", () => {
    const fields = { iouPreset: "pascal", maxDets: "1, 10, 100", areaPreset: "coco", classAveraging: "micro", primaryMetric: "APf" };
    expect(parseProtocol(protocolInputFromForm(form({ ...fields, metric: "lvis", iouType: "bbox" })))).toMatchObject({
      metric: "lvis",
      iouType: "bbox",
      maxDets: [300],
      classAveraging: "macro",
      primaryMetric: "APf",
    });
    expect(parseProtocol(protocolInputFromForm(form({ ...fields, metric: "lvis-fixed", iouType: "segm" })))).toMatchObject({
      metric: "lvis-fixed",
      iouType: "boundary",
      maxDets: [10000],
    });
  });
});

describe("YAML", () => {
  const yaml = (evaluation: string) => `
slug: lvis-2026
title: LVIS
phases:
  - slug: test
    name: Test
    startsAt: 2026-01-01T00:00:00Z
    endsAt: 2027-06-30T23:59:59Z
    evaluation:
${evaluation}
`;

  it("imports each family and exports what it imported", () => {
    const cases = [
      "      metric: lvis\n      iouType: boundary\n      primaryMetric: APr\n      miou: { scoreThreshold: 0.3 }",
      "      metric: lvis-fixed\n      primaryMetric: APc",
      "      iouType: boundary\n      dilationRatio: 0.01\n      maxDets: [1, 10, 100]",
    ];
    for (const evaluation of cases) {
      const { definition, protocols } = parseChallengeYaml(yaml(evaluation));
      const exported = toYaml(
        definitionObject(
          { slug: "lvis-2026", title: "LVIS", status: "DRAFT", summary: "", description: "", rules: "", publicSubmissionPages: true },
          [
            {
              ...definition.phases[0],
              maxSubmissionsPerDay: 5,
              maxSubmissionsTotal: 100,
              maxConcurrent: 1,
              maxFinalSelections: 1,
              maxUploadBytes: 1024,
              leaderboardVisibility: "PUBLIC",
              autoReleasePrivate: false,
              allowLateSubmissions: false,
              split: { publicPercent: 50, seed: 1 },
              protocol: protocols[0],
            },
          ],
        ),
      );
      expect(parseChallengeYaml(exported).protocols[0]).toEqual(protocols[0]);
    }
    const lvis = parseChallengeYaml(yaml(cases[0])).protocols[0]!;
    expect(lvis).toMatchObject({ metric: "lvis", iouType: "boundary", maxDets: [300], miou: { scoreThreshold: 0.3 } });
  });

  it("names the YAML path and line of a refused LVIS field", () => {
    try {
      parseChallengeYaml(yaml("      metric: lvis\n      maxDets: [100]"));
      expect.unreachable();
    } catch (err) {
      const problems = (err as { problems: { path: string; message: string }[] }).problems;
      expect(problems).toEqual([
        { path: "phases[0].evaluation.maxDets", message: expect.stringMatching(/top 300 detections per image.*\(line 11\)$/) },
      ]);
    }
  });
});
