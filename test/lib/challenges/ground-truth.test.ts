import { describe, expect, it } from "vitest";
import { createReadStream, readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { CocoValidationError } from "@/lib/coco";
import { ChallengeError } from "@/lib/challenges/errors";
import { changeSplit, groundTruthSummary, ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { createUser } from "../../helpers/factories";
import { DEMO_GT, SMALL_GT, expectRequeued, finishedSubmission, organizedChallenge, tempJson, uploadGroundTruth } from "./helpers";

const demo = JSON.parse(readFileSync(DEMO_GT, "utf8"));

async function splitRows(phaseId: string) {
  return prisma.imageSplit.findMany({
    where: { groundTruth: { phaseId } },
    orderBy: { imageId: "asc" },
    select: { imageId: true, split: true },
  });
}

describe("ground-truth ingest", () => {
  it("stores GroundTruth, categories with split counts and ImageSplit rows, and audits it", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const result = await uploadGroundTruth(organizer.id, phase.id);
    expect(result.replaced).toBe(false);

    const summary = (await groundTruthSummary(phase.id))!;
    const crowd = demo.annotations.filter((a: { iscrowd?: number }) => a.iscrowd).length;
    expect(summary.numImages).toBe(demo.images.length);
    expect(summary.numInstances).toBe(demo.annotations.length - crowd);
    expect(summary.numCrowd).toBe(crowd);
    expect(summary.categories.map((c) => c.cocoId)).toEqual(
      demo.categories.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b),
    );
    expect(summary.publicImages).toBe(Math.round(demo.images.length / 2));
    expect(summary.publicImages + summary.privateImages).toBe(demo.images.length);
    for (const c of summary.categories) {
      expect(c.publicCount + c.privateCount).toBe(c.instanceCount);
      expect(c.publicCount, `class ${c.name} in public`).toBeGreaterThan(0);
      expect(c.privateCount, `class ${c.name} in private`).toBeGreaterThan(0);
    }
    expect((summary.summary as { sizes: object }).sizes).toBeDefined();
    const audit = await prisma.auditEvent.findMany({ where: { challengeId: challenge.id, action: "groundTruth.upload" } });
    expect(audit).toHaveLength(1);
  });

  it("rejects an invalid file with specific problems and stores nothing", async () => {
    const organizer = await createUser();
    const { phase } = await organizedChallenge(organizer.id);
    const bad = structuredClone(demo);
    bad.images.push({ ...bad.images[0] });
    bad.annotations[0].image_id = 999_999;
    bad.annotations[1].segmentation = [[1, 2, 3, 4]];
    bad.annotations[2].area = -5;
    const err = await uploadGroundTruth(organizer.id, phase.id, tempJson(bad)).catch((e) => e);
    expect(err).toBeInstanceOf(CocoValidationError);
    const text = (err as CocoValidationError).problems.map((p) => `${p.path}: ${p.message}`).join("\n");
    expect(text).toMatch(/images\[\d+\]\.id.*must be unique/);
    expect(text).toMatch(/at least 3 points/);
    expect(text).toMatch(/areas cannot be negative/);
    expect(text).toMatch(/999999/);
    expect((err as CocoValidationError).total).toBeGreaterThanOrEqual(4);
    expect(await prisma.groundTruth.findUnique({ where: { phaseId: phase.id } })).toBeNull();
  });

  it("replacing a ground truth with scored submissions needs confirmation, then bumps the config version and re-queues them", async () => {
    const organizer = await createUser();
    const { phase } = await organizedChallenge(organizer.id);
    await uploadGroundTruth(organizer.id, phase.id);
    const submission = await finishedSubmission(phase.id, null, 1);

    const refused = await uploadGroundTruth(organizer.id, phase.id, SMALL_GT).catch((e) => e);
    expect(refused).toBeInstanceOf(ChallengeError);
    expect((refused as ChallengeError).code).toBe("confirm_required");
    expect((await groundTruthSummary(phase.id))!.numImages).toBe(demo.images.length);

    const result = await uploadGroundTruth(organizer.id, phase.id, SMALL_GT, true);
    expect(result).toMatchObject({ replaced: true, newVersion: 2, rerun: 1 });
    expect((await groundTruthSummary(phase.id))!.numImages).toBe(8);
    await expectRequeued(submission.id);
    expect(await prisma.category.count({ where: { groundTruth: { phaseId: phase.id } } })).toBe(5);
  });

  it("re-splitting is deterministic by seed and keeps classes in both splits", async () => {
    const organizer = await createUser();
    const { phase } = await organizedChallenge(organizer.id);
    await uploadGroundTruth(organizer.id, phase.id);
    await changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicPercent: 30, seed: 11 } });
    const first = await splitRows(phase.id);
    await changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicPercent: 30, seed: 12 } });
    expect(await splitRows(phase.id)).not.toEqual(first);
    await changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicPercent: 30, seed: 11 } });
    expect(await splitRows(phase.id)).toEqual(first);
    expect(first.filter((r) => r.split === "PUBLIC")).toHaveLength(Math.round(demo.images.length * 0.3));

    await changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicImageIds: [demo.images[0].id, demo.images[1].id] } });
    const listed = await splitRows(phase.id);
    expect(
      listed
        .filter((r) => r.split === "PUBLIC")
        .map((r) => r.imageId)
        .sort(),
    ).toEqual([demo.images[0].id, demo.images[1].id].sort());
    expect(await prisma.phase.findUniqueOrThrow({ where: { id: phase.id } })).toMatchObject({ splitMode: "LIST" });

    await changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicPercent: 100, seed: 1 } });
    const summary = (await groundTruthSummary(phase.id))!;
    expect(summary.privateImages).toBe(0);
    expect(summary.categories.every((c) => c.privateCount === 0)).toBe(true);
  });

  it("refuses a file over the size limit with a 413", async () => {
    const organizer = await createUser();
    const { phase } = await organizedChallenge(organizer.id);
    const err = await ingestGroundTruth({
      actorId: organizer.id,
      phaseId: phase.id,
      source: createReadStream(DEMO_GT),
      maxBytes: 1000,
    }).catch((e) => e);
    expect(err).toMatchObject({ status: 413, code: "file_too_large" });
    expect(await prisma.groundTruth.findUnique({ where: { phaseId: phase.id } })).toBeNull();
  });

  it("refuses a list naming images that do not exist", async () => {
    const organizer = await createUser();
    const { phase } = await organizedChallenge(organizer.id);
    await uploadGroundTruth(organizer.id, phase.id);
    await expect(changeSplit({ actorId: organizer.id, phaseId: phase.id, split: { publicImageIds: [123456789] } })).rejects.toThrow(
      /not in the ground truth: 123456789/,
    );
  });
});
