import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { exportChallengeDefinition, exportChallengeYaml, importChallengeDefinition } from "@/lib/challenges/definition-io";
import { parseChallengeYaml } from "@/lib/challenges/yaml";
import { createUser, uniqueSuffix } from "../../helpers/factories";
import { DEMO_GT } from "./helpers";

function demoDefinition(slug: string) {
  return parseChallengeYaml(readFileSync("prisma/demo/challenge.yaml", "utf8").replace(/^slug: demo$/m, `slug: ${slug}`));
}

describe("challenge definition import/export", () => {
  it("imports the demo file with ground truths, is idempotent, and exports what it imported", async () => {
    const organizer = await createUser();
    const slug = `demo-${uniqueSuffix()}`;
    const parsed = demoDefinition(slug);
    const groundTruths = { dev: DEMO_GT, test: DEMO_GT };
    const first = await importChallengeDefinition(parsed, { actorId: null, organizerEmail: organizer.email, groundTruths });

    const challenge = await prisma.challenge.findUniqueOrThrow({
      where: { id: first.challengeId },
      include: { organizers: true, phases: { include: { groundTruth: true } } },
    });
    expect(challenge.status).toBe("PUBLISHED");
    expect(challenge.organizers.map((o) => o.userId)).toEqual([organizer.id]);
    expect(challenge.phases.map((p) => p.slug).sort()).toEqual(["dev", "test"]);
    expect(challenge.phases.every((p) => p.groundTruth !== null)).toBe(true);

    const exported = await exportChallengeDefinition(first.challengeId);
    const countsBefore = {
      versions: await prisma.evalConfig.count({ where: { phase: { challengeId: first.challengeId } } }),
      gts: await prisma.groundTruth.findMany({ where: { phase: { challengeId: first.challengeId } }, select: { uploadedAt: true } }),
    };

    const second = await importChallengeDefinition(parsed, { actorId: null, organizerEmail: organizer.email, groundTruths });
    expect(second.challengeId).toBe(first.challengeId);
    expect(second.log.filter((l) => l.includes("ground truth unchanged"))).toHaveLength(2);
    expect(await prisma.evalConfig.count({ where: { phase: { challengeId: first.challengeId } } })).toBe(countsBefore.versions);
    expect(
      await prisma.groundTruth.findMany({ where: { phase: { challengeId: first.challengeId } }, select: { uploadedAt: true } }),
    ).toEqual(countsBefore.gts);

    // Round trip: the exported YAML imported again gives the same definition.
    const yamlText = await exportChallengeYaml(first.challengeId);
    await importChallengeDefinition(parseChallengeYaml(yamlText), { actorId: null });
    expect(await exportChallengeDefinition(first.challengeId)).toEqual(exported);
    expect(await prisma.evalConfig.count({ where: { phase: { challengeId: first.challengeId } } })).toBe(countsBefore.versions);
    expect(exported.phases[0]).toMatchObject({ slug: "dev", split: { publicPercent: 50, seed: 7 } });
    expect(exported.phases[1].evaluation).toMatchObject({
      iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
      classAveraging: "macro",
      primaryMetric: "AP",
    });
  });

  it("a changed file updates the challenge and adds a config version only where the protocol changed", async () => {
    const slug = `demo-${uniqueSuffix()}`;
    const { challengeId } = await importChallengeDefinition(demoDefinition(slug), { actorId: null });
    const changedText = readFileSync("prisma/demo/challenge.yaml", "utf8")
      .replace(/^slug: demo$/m, `slug: ${slug}`)
      .replace(/^title: .*$/m, "title: Renamed")
      .replace("iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]", "iouThresholds: [0.5]");
    await importChallengeDefinition(parseChallengeYaml(changedText), { actorId: null });
    const exported = await exportChallengeDefinition(challengeId);
    expect(exported.title).toBe("Renamed");
    expect(exported.phases[0].evaluation!.iouThresholds).toEqual([0.5]);
    expect(exported.phases[1].evaluation!.iouThresholds).toHaveLength(10);
    const versions = await prisma.evalConfig.findMany({
      where: { phase: { challengeId } },
      select: { version: true, phase: { select: { slug: true } } },
    });
    expect(
      versions
        .filter((v) => v.phase.slug === "dev")
        .map((v) => v.version)
        .sort(),
    ).toEqual([1, 2]);
    expect(versions.filter((v) => v.phase.slug === "test").map((v) => v.version)).toEqual([1]);
  });

  it("refuses a status going backwards and a ground truth for an unknown phase", async () => {
    const slug = `demo-${uniqueSuffix()}`;
    await importChallengeDefinition(demoDefinition(slug), { actorId: null });
    const draft = parseChallengeYaml(
      readFileSync("prisma/demo/challenge.yaml", "utf8")
        .replace(/^slug: demo$/m, `slug: ${slug}`)
        .replace("status: PUBLISHED", "status: DRAFT"),
    );
    await expect(importChallengeDefinition(draft, { actorId: null })).rejects.toThrow(/PUBLISHED challenge cannot become DRAFT/);
    await expect(importChallengeDefinition(demoDefinition(slug), { actorId: null, groundTruths: { final: DEMO_GT } })).rejects.toThrow(
      /phase "final", which the file does not define/,
    );
  });
});
