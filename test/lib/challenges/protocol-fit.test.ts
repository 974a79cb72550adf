// A phase whose ground truth has only boxes cannot be switched to (or saved as) iouType segm:
// every scoring would fail. Every path that writes a config version comes through saveEvalConfig.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { importChallengeDefinition } from "@/lib/challenges/definition-io";
import { ChallengeError } from "@/lib/challenges/errors";
import { currentEvalConfig, saveEvalConfig } from "@/lib/challenges/eval-config";
import { upsertPhase } from "@/lib/challenges/phases";
import { parseProtocol } from "@/lib/challenges/protocol";
import { phaseBodySchema } from "@/lib/challenges/schemas";
import { parseChallengeYaml } from "@/lib/challenges/yaml";
import { createUser, uniqueSuffix } from "../../helpers/factories";
import { organizedChallenge, SMALL_GT, uploadGroundTruth } from "./helpers";

// One COCO image with person boxes and a crowd box; no segmentation at all.
const BOX_GT = "test/fixtures/data/fce_small/gt_ignore_test.intid.json";
const day = 86_400_000;

async function bboxPhaseWith(groundTruth: string) {
  const organizer = await createUser();
  const { challenge, phase } = await organizedChallenge(organizer.id);
  // What PUT .../eval-config does: one transaction around saveEvalConfig.
  const saveProtocol = (input: Record<string, unknown>) =>
    prisma.$transaction((tx) =>
      saveEvalConfig(tx, { actorId: organizer.id, challengeId: challenge.id, phaseId: phase.id, protocol: parseProtocol(input) }),
    );
  await saveProtocol({ iouType: "bbox" });
  await uploadGroundTruth(organizer.id, phase.id, groundTruth);
  return { organizer, challenge, phase, saveProtocol };
}

async function expectRefusedForMasks(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChallengeError);
  const refusal = err as ChallengeError;
  expect(refusal.status).toBe(422);
  expect(refusal.code).toBe("ground_truth_without_masks");
  expect(refusal.message).toMatch(/iouType segm .* \d+ annotation\(s\) without a segmentation/);
  expect(refusal.message).toMatch(/Upload a ground truth with a segmentation .* or keep iouType bbox/);
  expect(refusal.problems).toEqual([{ path: "iouType", message: expect.stringMatching(/without a segmentation/) }]);
}

describe("a segm protocol on a box-only ground truth", () => {
  it("is refused through the API's save and PUT phase; the phase keeps its bbox version; bbox changes still save", async () => {
    const { organizer, challenge, phase, saveProtocol } = await bboxPhaseWith(BOX_GT);
    const gt = await prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: phase.id } });
    expect((gt.summary as { annotationsWithoutSegmentation: number }).annotationsWithoutSegmentation).toBeGreaterThan(0);
    const before = (await currentEvalConfig(prisma, phase.id))!;
    expect(before.iouType).toBe("BBOX");

    await expectRefusedForMasks(saveProtocol({ iouType: "segm" }));
    const body = phaseBodySchema.parse({
      name: "Test",
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + 30 * day).toISOString(),
      evaluation: { iouType: "segm" },
    });
    await expectRefusedForMasks(upsertPhase(organizer.id, challenge.id, phase.slug, body));
    const after = (await currentEvalConfig(prisma, phase.id))!;
    expect({ version: after.version, iouType: after.iouType }).toEqual({ version: before.version, iouType: "BBOX" });

    await expect(saveProtocol({ iouType: "bbox", iouThresholds: [0.5] })).resolves.toEqual({ version: before.version + 1, created: true });
  });

  it("a bbox phase whose ground truth has masks may switch to segm", async () => {
    const { phase, saveProtocol } = await bboxPhaseWith(SMALL_GT);
    await expect(saveProtocol({ iouType: "segm" })).resolves.toMatchObject({ created: true });
    expect((await currentEvalConfig(prisma, phase.id))!.iouType).toBe("SEGM");
  });

  it("a ground truth uploaded before the summary recorded masks counts as having them", async () => {
    const { phase, saveProtocol } = await bboxPhaseWith(BOX_GT);
    await prisma.groundTruth.update({ where: { phaseId: phase.id }, data: { summary: { images: 1 } } });
    await expect(saveProtocol({ iouType: "segm" })).resolves.toMatchObject({ created: true });
  });

  it("is refused by a YAML import that switches the phase to segm", async () => {
    const organizer = await createUser();
    const slug = `boxes-${uniqueSuffix()}`;
    const yaml = (iouType: string) => `slug: ${slug}
title: Boxes ${slug}
status: PUBLISHED
phases:
  - slug: test
    name: Test
    startsAt: ${new Date(Date.now() - day).toISOString()}
    endsAt: ${new Date(Date.now() + 30 * day).toISOString()}
    split: { publicPercent: 100 }
    evaluation:
      iouType: ${iouType}
`;
    const first = await importChallengeDefinition(parseChallengeYaml(yaml("bbox")), {
      actorId: null,
      organizerEmail: organizer.email,
      groundTruths: { test: BOX_GT },
    });
    const phase = await prisma.phase.findFirstOrThrow({ where: { challengeId: first.challengeId, slug: "test" } });
    const before = (await currentEvalConfig(prisma, phase.id))!;

    await expectRefusedForMasks(importChallengeDefinition(parseChallengeYaml(yaml("segm")), { actorId: null }));
    const after = (await currentEvalConfig(prisma, phase.id))!;
    expect({ version: after.version, iouType: after.iouType }).toEqual({ version: before.version, iouType: "BBOX" });
  });
});
