import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ChallengeError } from "@/lib/challenges/errors";
import { definitionObject, parseChallengeYaml, toYaml } from "@/lib/challenges/yaml";
import { IOU_PRESETS } from "@/lib/challenges/protocol";

const ISSUE_EXAMPLE = `
slug: street-seg-2026
title: Street scenes instance segmentation
status: PUBLISHED            # DRAFT | PUBLISHED | ARCHIVED
description: |
  Markdown...
phases:
  - slug: test
    name: Test
    startsAt: 2026-01-01T00:00:00Z
    endsAt: 2027-06-30T23:59:59Z
    maxSubmissionsPerDay: 5
    maxSubmissionsTotal: 100
    maxFinalSelections: 2
    split: { publicPercent: 50, seed: 7 }
    evaluation:
      iouType: segm
      iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
      maxDets: [1, 10, 100]
      areaRanges: { all: [0, 1e10], small: [0, 1024], medium: [1024, 9216], large: [9216, 1e10] }
      classAveraging: macro
      primaryMetric: AP
      statistics: { replicates: 500, level: 0.9, seed: 3, ranking: groups, ladder: on }
`;

function problemsOf(text: string) {
  try {
    parseChallengeYaml(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ChallengeError);
    return (err as ChallengeError).problems;
  }
  throw new Error("expected the definition to be rejected");
}

describe("parseChallengeYaml", () => {
  it("reads the documented example", () => {
    const { definition, protocols } = parseChallengeYaml(ISSUE_EXAMPLE);
    expect(definition.slug).toBe("street-seg-2026");
    expect(definition.phases[0].startsAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(protocols[0]!.statistics).toEqual({ replicates: 500, level: 0.9, seed: 3, ranking: "groups", ladder: "on" });
    expect(definition.phases[0].split).toEqual({ publicPercent: 50, seed: 7 });
    expect(protocols[0]!.iouThresholds).toEqual(IOU_PRESETS.coco.thresholds);
    expect(protocols[0]!.areaRanges[3]).toEqual({ name: "large", range: [9216, 1e10] });
  });

  it("names the YAML path and line of a bad threshold", () => {
    const problems = problemsOf(ISSUE_EXAMPLE.replace("0.5, 0.55, 0.6,", "0.5, 0.55, 1.5,"));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("phases[0].evaluation.iouThresholds[2]");
    expect(problems[0].message).toMatch(/^1\.5 is not in \(0, 1\] \(line 18\)$/);
  });

  it("reports unknown keys, bad enums, bad dates and protocol contradictions with their paths", () => {
    expect(problemsOf(ISSUE_EXAMPLE.replace("status: PUBLISHED", "status: LIVE"))[0].path).toBe("status");
    expect(problemsOf(ISSUE_EXAMPLE.replace("maxFinalSelections: 2", "maxFinalSelection: 2"))[0].path).toBe("phases[0]");
    expect(problemsOf(ISSUE_EXAMPLE.replace("endsAt: 2027-06-30T23:59:59Z", "endsAt: 2025-06-30T23:59:59Z"))[0].path).toBe(
      "phases[0].endsAt",
    );
    expect(problemsOf(ISSUE_EXAMPLE.replace("startsAt: 2026-01-01T00:00:00Z", "startsAt: soon"))[0].path).toBe("phases[0].startsAt");
    expect(problemsOf(ISSUE_EXAMPLE.replace("primaryMetric: AP", "primaryMetric: APs").replace("small: [0, 1024], ", ""))[0]).toMatchObject(
      {
        path: "phases[0].evaluation.primaryMetric",
      },
    );
    expect(problemsOf(ISSUE_EXAMPLE.replace("{ publicPercent: 50, seed: 7 }", "{ publicPercent: 50, publicImageIds: [1] }"))[0].path).toBe(
      "phases[0].split",
    );
  });

  it("reports YAML syntax errors", () => {
    expect(problemsOf("slug: [unclosed")[0].message).toMatch(/YAML syntax/);
  });

  it("exported text parses back to the same definition", () => {
    const { definition, protocols } = parseChallengeYaml(ISSUE_EXAMPLE);
    const object = definitionObject(
      { ...definition },
      definition.phases.map((p, i) => ({ ...p, split: { publicPercent: 50, seed: 7 }, protocol: protocols[i] })),
    );
    const again = parseChallengeYaml(toYaml(object));
    expect(again.definition).toEqual({ ...definition, phases: again.definition.phases });
    expect(again.protocols).toEqual(protocols);
    expect(
      definitionObject(
        { ...again.definition },
        again.definition.phases.map((p, i) => ({ ...p, split: { publicPercent: 50, seed: 7 }, protocol: again.protocols[i] })),
      ),
    ).toEqual(object);
  });
});

describe("the demo challenge file", () => {
  it("is valid: slug demo, published, phases dev and test, COCO protocol, 50% split with seed 7", () => {
    const { definition, protocols } = parseChallengeYaml(readFileSync("prisma/demo/challenge.yaml", "utf8"));
    expect(definition).toMatchObject({ slug: "demo", status: "PUBLISHED" });
    expect(definition.phases.map((p) => p.slug)).toEqual(["dev", "test"]);
    for (const [i, p] of definition.phases.entries()) {
      expect(p.split).toEqual({ publicPercent: 50, seed: 7 });
      expect(protocols[i]!.iouThresholds).toEqual(IOU_PRESETS.coco.thresholds);
    }
  });
});
