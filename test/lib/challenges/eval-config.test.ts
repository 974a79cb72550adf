import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { reevaluatePhase } from "@/lib/challenges/actions";
import { currentEvalConfig, evalConfigVersionStatus, saveEvalConfig } from "@/lib/challenges/eval-config";
import { protocolOfRow, toEvalParams } from "@/lib/challenges/eval-params";
import { upsertPhase } from "@/lib/challenges/phases";
import { parseProtocol } from "@/lib/challenges/protocol";
import { phaseBodySchema } from "@/lib/challenges/schemas";
import { defaultParams } from "@/lib/eval/params";
import { createUser } from "../../helpers/factories";
import { expectRequeued, finishedSubmission, organizedChallenge, uploadGroundTruth } from "./helpers";

describe("eval config versions", () => {
  it("a new phase is at version 1 with COCO's protocol; an unchanged save adds no version; a change does", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const v1 = (await currentEvalConfig(prisma, phase.id))!;
    expect(v1.version).toBe(1);
    expect(toEvalParams(v1)).toEqual(defaultParams("segm"));

    const same = await saveEvalConfig(prisma, {
      actorId: organizer.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      protocol: parseProtocol({ iouThresholds: "coco" }),
    });
    expect(same).toEqual({ version: 1, created: false });
    const changed = await saveEvalConfig(prisma, {
      actorId: organizer.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      protocol: parseProtocol({ iouThresholds: [0.5] }),
    });
    expect(changed).toEqual({ version: 2, created: true });
    const v2 = (await currentEvalConfig(prisma, phase.id))!;
    expect(toEvalParams(v2).iouThresholds).toEqual([0.5]);
    expect(await prisma.auditEvent.count({ where: { challengeId: challenge.id, action: "evalConfig.version" } })).toBe(2);
  });

  it("stores the statistics settings; changing them is a new version", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const statistics = { replicates: 400, level: 0.9, seed: 5, ranking: "groups", ladder: "on" } as const;
    const saved = await saveEvalConfig(prisma, {
      actorId: organizer.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      protocol: parseProtocol({ statistics }),
    });
    expect(saved).toEqual({ version: 2, created: true });
    const row = (await currentEvalConfig(prisma, phase.id))!;
    expect(protocolOfRow(row).statistics).toEqual(statistics);
    expect(row).toMatchObject({ bootstrapReplicates: 400, bootstrapLevel: 0.9, bootstrapSeed: 5, ranking: "GROUPS", ladder: true });
  });

  it("lists submissions scored with an older version and re-evaluates them all", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const old = await finishedSubmission(phase.id, null, 1);
    await saveEvalConfig(prisma, {
      actorId: organizer.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      protocol: parseProtocol({ iouThresholds: "strict", primaryMetric: "AP75" }),
    });
    const fresh = await finishedSubmission(phase.id, null, 2);
    const status = await evalConfigVersionStatus(phase.id);
    expect(status.currentVersion).toBe(2);
    expect(status.outdated.map((s) => s.id)).toEqual([old.id]);

    await expect(reevaluatePhase(organizer.id, phase.id)).rejects.toMatchObject({ code: "phase_open" });
    const queued = await reevaluatePhase(organizer.id, phase.id, { override: true });
    expect(queued).toBe(2);
    await expectRequeued(old.id);
    await expectRequeued(fresh.id);
    expect((await evalConfigVersionStatus(phase.id)).outdated).toEqual([]);
  });

  it("a class primary metric must name a category of the ground truth", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    await uploadGroundTruth(organizer.id, phase.id);
    const save = (primaryMetric: string) =>
      saveEvalConfig(prisma, {
        actorId: organizer.id,
        challengeId: challenge.id,
        phaseId: phase.id,
        protocol: parseProtocol({ primaryMetric }),
      });
    await expect(save("class:999")).rejects.toThrow(/no category 999/);
    const category = await prisma.category.findFirstOrThrow({ where: { groundTruth: { phaseId: phase.id } } });
    await expect(save(`class:${category.cocoId}`)).resolves.toMatchObject({ created: true });
  });

  it("PUT-style phase updates with the same evaluation keep the version", async () => {
    const organizer = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const body = phaseBodySchema.parse({
      name: "Test",
      startsAt: phase.startsAt.toISOString(),
      endsAt: phase.endsAt.toISOString(),
      evaluation: { iouThresholds: "pascal", primaryMetric: "AP50" },
    });
    expect((await upsertPhase(organizer.id, challenge.id, "test", body)).evalConfigVersion).toEqual({ version: 2, created: true });
    expect((await upsertPhase(organizer.id, challenge.id, "test", body)).evalConfigVersion).toEqual({ version: 2, created: false });
  });
});
