import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { cancelSubmission } from "@/lib/submissions/cancel";
import { rerunPhase, rerunSubmission } from "@/lib/submissions/rerun";
import { enqueueEvaluation, evaluationJobState } from "@/lib/submissions/enqueue";
import { SubmissionError } from "@/lib/submissions/errors";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../../helpers/submission-fixtures";

let phase: ScoredPhase;

beforeAll(async () => {
  phase = await createScoredPhase();
});

afterAll(async () => {
  await getEvaluationsQueue().close();
  await prisma.$disconnect();
});

async function withStatus(status: "QUEUED" | "RUNNING" | "FINISHED" | "FAILED" | "CANCELLED", p = phase): Promise<string> {
  const id = await insertSubmission(p, FIXTURE_DT);
  await prisma.submission.update({ where: { id }, data: { status, attempts: 2, errorCode: status === "FAILED" ? "x" : null } });
  return id;
}

describe("enqueueEvaluation", () => {
  it("queues one job per submission however often it is called", async () => {
    const id = await withStatus("QUEUED");
    await Promise.all([enqueueEvaluation(id), enqueueEvaluation(id), enqueueEvaluation(id)]);
    expect(await evaluationJobState(id)).toBe("prioritized"); // every evaluation job has a priority (lib/scheduling)
    const jobs = await getEvaluationsQueue().getJobs(["prioritized"]);
    expect(jobs.filter((j) => j.id === id)).toHaveLength(1);
  });
});

describe("cancelSubmission", () => {
  it("cancels a queued submission, removes its job, frees its quota slot and leaves an audit event", async () => {
    const id = await withStatus("QUEUED");
    await enqueueEvaluation(id);
    await cancelSubmission(id, { actorId: phase.organizer.id });
    expect(await prisma.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "CANCELLED", countsTowardQuota: false });
    expect(await evaluationJobState(id)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: "submission.cancel", actorId: phase.organizer.id } })).toBe(1);
  });

  it("refuses finished submissions with 409", async () => {
    const id = await withStatus("FINISHED");
    await expect(cancelSubmission(id, { actorId: null })).rejects.toMatchObject({ status: 409, code: "not_cancellable" });
  });
});

describe("rerunSubmission / rerunPhase", () => {
  it("re-queues one submission with a clean slate", async () => {
    const id = await withStatus("FAILED");
    await rerunSubmission(id, { actorId: phase.organizer.id });
    expect(await prisma.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "QUEUED",
      attempts: 0,
      errorCode: null,
      progress: 0,
    });
    expect(await evaluationJobState(id)).toBe("prioritized"); // every evaluation job has a priority (lib/scheduling)
    const again = await rerunSubmission(id, { actorId: null }).catch((e) => e);
    expect(again).toBeInstanceOf(SubmissionError);
    expect(again.status).toBe(409);
  });

  it("re-queues every finished and failed submission of a phase, not cancelled ones", async () => {
    const p = await createScoredPhase();
    const finished = await withStatus("FINISHED", p);
    const failed = await withStatus("FAILED", p);
    const cancelled = await withStatus("CANCELLED", p);
    const queued = await withStatus("QUEUED", p);
    expect(await rerunPhase(p.phaseId, { actorId: p.organizer.id })).toBe(2);
    const rows = await prisma.submission.findMany({ where: { phaseId: p.phaseId } });
    const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect(status).toEqual({ [finished]: "QUEUED", [failed]: "QUEUED", [cancelled]: "CANCELLED", [queued]: "QUEUED" });
    expect(await evaluationJobState(finished)).toBe("prioritized"); // every evaluation job has a priority (lib/scheduling)
    expect(await evaluationJobState(cancelled)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { targetId: p.phaseId, action: "phase.rerun" } })).toBe(1);
  });
});
