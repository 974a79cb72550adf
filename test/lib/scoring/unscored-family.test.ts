// LVIS families can be configured but the worker does not score them yet: uploads are refused with a
// clear 409, and a submission already queued fails with the same explanation instead of COCO numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { createSubmission } from "@/lib/submissions/create-submission";
import { SubmissionError } from "@/lib/submissions/errors";
import { loadScoringContext } from "@/lib/scoring/scoring-context";
import { ScoringUserError } from "@/lib/scoring/errors";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../../helpers/submission-fixtures";

let phase: ScoredPhase;

async function configure(metric: "COCO" | "LVIS" | "LVIS_FIXED", version: number) {
  await prisma.evalConfig.create({
    data: {
      phaseId: phase.phaseId,
      version,
      metric,
      iouType: metric === "LVIS_FIXED" ? "BOUNDARY" : "SEGM",
      iouThresholds: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
      areaRanges: [{ name: "all", range: [0, 1e10] }],
      maxDets: metric === "LVIS_FIXED" ? [10000] : [300],
    },
  });
}

function upload(): Request {
  const form = new FormData();
  form.append("file", new Blob([readFileSync(FIXTURE_DT)]), "results.json");
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  phase = await createScoredPhase({ maxSubmissionsPerDay: 100, maxSubmissionsTotal: 100, maxConcurrent: 100 });
});

afterAll(async () => {
  await getEvaluationsQueue().close();
  await prisma.$disconnect();
});

describe("a phase configured for an LVIS family", () => {
  it("refuses uploads with 409 metric_family_not_scored, naming the CLI and the fix, and stores nothing", async () => {
    const queued = await insertSubmission(phase, FIXTURE_DT);
    await configure("LVIS", 1);
    const before = await prisma.submission.count({ where: { phaseId: phase.phaseId } });
    const err = await rejection(
      createSubmission(phase.member.viewer, { challengeSlug: phase.challengeSlug, phaseSlug: phase.phaseSlug }, upload()),
    );
    expect(err).toBeInstanceOf(SubmissionError);
    expect(err).toMatchObject({ status: 409, code: "metric_family_not_scored" });
    expect((err as SubmissionError).message).toMatch(/configured for LVIS AP, .*--metric lvis\).*switch the phase's protocol to COCO AP/);
    expect(await prisma.submission.count({ where: { phaseId: phase.phaseId } })).toBe(before);

    // Queued before the switch: the worker refuses to score it as COCO.
    const scoring = await rejection(loadScoringContext(queued));
    expect(scoring).toBeInstanceOf(ScoringUserError);
    expect(scoring).toMatchObject({ code: "metric_family_not_scored" });

    await configure("LVIS_FIXED", 2);
    expect(await rejection(loadScoringContext(queued))).toMatchObject({
      message: expect.stringMatching(/LVIS Fixed AP.*--metric lvis-fixed/),
    });

    await configure("COCO", 3);
    await expect(loadScoringContext(queued)).resolves.toMatchObject({ evalConfigVersion: 3 });
    await prisma.submission.update({ where: { id: queued }, data: { status: "CANCELLED" } });
  });
});
