import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queues, never consumed by another test file's worker (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_order`;
});
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import {
  EVALUATIONS_QUEUE,
  LARGE_EVALUATIONS_QUEUE,
  allEvaluationQueues,
  getQueueByName,
  getRedis,
  writeWorkerHeartbeat,
  clearWorkerHeartbeat,
  type EvaluationQueueName,
} from "@/lib/queue";
import { queueOverview, queuePlace } from "@/lib/scheduling/position";
import { enqueueEvaluation, evaluationJobState, removeEvaluationJob } from "@/lib/submissions/enqueue";
import { createTeam, createUser, registerTeam, type TestUser } from "../../helpers/factories";
import { getSubmissionStatus } from "@/lib/submissions/status";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../../helpers/submission-fixtures";
import { deletePrefixKeys } from "../../worker/wait";

let phase: ScoredPhase;
let otherTeamId: string;
let otherMember: TestUser;

beforeAll(async () => {
  phase = await createScoredPhase();
  otherMember = await createUser();
  const other = await createTeam(otherMember);
  await registerTeam({ id: phase.challengeId }, other);
  otherTeamId = other.id;
}, 120_000);

afterAll(async () => {
  await Promise.all(allEvaluationQueues().map((q) => q.close()));
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

/** A queued submission whose row says `byteSize` (only scheduling reads it). */
async function submit(teamId: string, byteSize = 10_000): Promise<string> {
  const id = await insertSubmission({ phaseId: phase.phaseId, teamId }, FIXTURE_DT);
  await prisma.submission.update({ where: { id }, data: { byteSize: BigInt(byteSize) } });
  return id;
}

async function order(queue: EvaluationQueueName): Promise<string[]> {
  return (await getQueueByName(queue).getPrioritized(0, -1)).map((j) => j.id!);
}

describe("evaluation queue order", () => {
  it("shares the workers fairly: a team's burst does not starve another team's single upload", async () => {
    await getQueueByName(EVALUATIONS_QUEUE).drain(); // jobs of earlier tests of this file
    const burst: string[] = [];
    for (let k = 0; k < 5; k++) {
      burst.push(await submit(phase.teamId));
      await enqueueEvaluation(burst[k]);
    }
    const single = await submit(otherTeamId);
    await enqueueEvaluation(single);
    // The other team's upload comes right after the burst's first, not after all five.
    expect(await order(EVALUATIONS_QUEUE)).toEqual([burst[0], single, ...burst.slice(1)]);

    const place = await queuePlace(single);
    expect(place).toMatchObject({ queue: EVALUATIONS_QUEUE, ahead: 1, slots: 0, estimatedStartAt: null });
    // What the team sees (GET /api/v1/submissions/{id}): how many are ahead, no details of them.
    expect((await getSubmissionStatus(otherMember.viewer, single)).queue).toEqual({ ahead: 1, estimatedStartAt: null, startsInSeconds: null, slots: 0 });
    expect((await queuePlace(burst[4]))?.ahead).toBe(5);

    // With a live worker slot, the estimate is the work ahead: later places start later.
    const workerId = `test-${randomUUID()}`;
    const now = new Date().toISOString();
    await writeWorkerHeartbeat(getRedis(), {
      workerId,
      pid: 1,
      hostname: "test",
      concurrency: 1,
      queues: { [EVALUATIONS_QUEUE]: 1, [LARGE_EVALUATIONS_QUEUE]: 0 },
      startedAt: now,
      at: now,
    });
    try {
      const first = (await queuePlace(burst[0]))!;
      const last = (await queuePlace(burst[4]))!;
      expect(first.slots).toBe(1);
      expect(first.estimatedStartAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(last.estimatedStartAt!.getTime()).toBeGreaterThan(first.estimatedStartAt!.getTime());
    } finally {
      await clearWorkerHeartbeat(getRedis(), workerId);
    }
    const overview = await queueOverview();
    expect(overview.queues.find((q) => q.name === EVALUATIONS_QUEUE)?.counts?.waiting).toBe(6);
  });

  it("sends a big file to the large-job queue, where cancel and state still find it", async () => {
    const big = await submit(phase.teamId, 200 * 1024 * 1024);
    await enqueueEvaluation(big);
    expect(await order(LARGE_EVALUATIONS_QUEUE)).toContain(big);
    expect(await order(EVALUATIONS_QUEUE)).not.toContain(big);
    expect(await evaluationJobState(big)).toBe("prioritized");
    expect((await queuePlace(big))?.queue).toBe(LARGE_EVALUATIONS_QUEUE);
    await removeEvaluationJob(big);
    expect(await evaluationJobState(big)).toBeNull();
  });
});
