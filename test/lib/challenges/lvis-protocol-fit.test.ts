// The LVIS families need an LVIS-format ground truth, Boundary IoU and mIoU need masks: checked when a
// protocol is saved on a phase with a ground truth, and when a ground truth is uploaded to an LVIS phase.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { CocoValidationError } from "@/lib/coco/errors";
import { ChallengeError } from "@/lib/challenges/errors";
import { currentEvalConfig, saveEvalConfig } from "@/lib/challenges/eval-config";
import { parseProtocol } from "@/lib/challenges/protocol";
import { createUser } from "../../helpers/factories";
import { organizedChallenge, SMALL_GT, uploadGroundTruth } from "./helpers";

const LVIS_GT = "test/fixtures/reference/metrics/lvis/lvis_basic/gt.json";
const BOX_GT = "test/fixtures/data/fce_small/gt_ignore_test.intid.json";

async function phaseWithProtocol(input: Record<string, unknown>) {
  const organizer = await createUser();
  const { challenge, phase } = await organizedChallenge(organizer.id);
  const saveProtocol = (protocol: Record<string, unknown>) =>
    prisma.$transaction((tx) =>
      saveEvalConfig(tx, { actorId: organizer.id, challengeId: challenge.id, phaseId: phase.id, protocol: parseProtocol(protocol) }),
    );
  await saveProtocol(input);
  return { organizer, phase, saveProtocol };
}

async function refusal(promise: Promise<unknown>): Promise<ChallengeError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChallengeError);
  return err as ChallengeError;
}

describe("LVIS families and the ground truth", () => {
  it("an LVIS family is refused on a COCO ground truth, listing what the file lacks; the phase keeps its version", async () => {
    const { organizer, phase, saveProtocol } = await phaseWithProtocol({});
    await uploadGroundTruth(organizer.id, phase.id, SMALL_GT);
    const before = (await currentEvalConfig(prisma, phase.id))!;
    for (const metric of ["lvis", "lvis-fixed"]) {
      const err = await refusal(saveProtocol({ metric }));
      expect({ status: err.status, code: err.code }).toEqual({ status: 422, code: "ground_truth_not_lvis" });
      expect(err.message).toMatch(
        new RegExp(
          `^metric ${metric} \\(LVIS (Fixed )?AP\\) needs an LVIS-format ground truth .* this phase's has \\d+ problem\\(s\\):\\n  - categories\\[0\\]\\.frequency`,
        ),
      );
      expect(err.problems?.[0]).toEqual({
        path: "groundTruth.categories[0].frequency",
        message: expect.stringMatching(/is missing; LVIS needs "r"/),
      });
    }
    expect((await currentEvalConfig(prisma, phase.id))!.version).toBe(before.version);
    // A summary written before the format was recorded: upload again.
    await prisma.groundTruth.update({ where: { phaseId: phase.id }, data: { summary: { images: 1 } } });
    expect((await refusal(saveProtocol({ metric: "lvis" }))).message).toMatch(
      /uploaded before Maskboard recorded its format: upload it again/,
    );
  });

  it("an LVIS phase refuses a COCO ground truth at upload and accepts an LVIS one; then every family saves", async () => {
    const { organizer, phase, saveProtocol } = await phaseWithProtocol({ metric: "lvis", primaryMetric: "APr" });
    const err = await uploadGroundTruth(organizer.id, phase.id, SMALL_GT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CocoValidationError);
    expect((err as CocoValidationError).problems.map((p) => p.path)).toContain("images[0].neg_category_ids");
    expect(await prisma.groundTruth.findUnique({ where: { phaseId: phase.id } })).toBeNull();

    await uploadGroundTruth(organizer.id, phase.id, LVIS_GT);
    await expect(saveProtocol({ metric: "lvis-fixed", primaryMetric: "APc" })).resolves.toMatchObject({ created: true });
    const row = (await currentEvalConfig(prisma, phase.id))!;
    expect(row).toMatchObject({ metric: "LVIS_FIXED", iouType: "BOUNDARY", maxDets: [10000], dilationRatio: 0.02, primaryMetric: "APc" });
    await expect(saveProtocol({ iouType: "boundary", dilationRatio: 0.01, miou: { scoreThreshold: 0.3 } })).resolves.toMatchObject({
      created: true,
    });
    expect(await currentEvalConfig(prisma, phase.id)).toMatchObject({
      metric: "COCO",
      iouType: "BOUNDARY",
      dilationRatio: 0.01,
      miouScoreThreshold: 0.3,
    });
  });

  it("Boundary IoU and mIoU are refused on a box-only ground truth", async () => {
    const { organizer, phase, saveProtocol } = await phaseWithProtocol({ iouType: "bbox" });
    await uploadGroundTruth(organizer.id, phase.id, BOX_GT);
    const boundary = await refusal(saveProtocol({ iouType: "boundary" }));
    expect(boundary.code).toBe("ground_truth_without_masks");
    expect(boundary.message).toMatch(/^iouType boundary scores masks/);
    const miou = await refusal(saveProtocol({ iouType: "bbox", miou: true }));
    expect(miou.message).toMatch(/^mIoU scores masks, .* or keep iouType bbox without mIoU\.$/);
    expect(miou.problems).toEqual([{ path: "miou", message: expect.stringMatching(/without a segmentation/) }]);
  });
});
