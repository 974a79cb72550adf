import "server-only";
import type { Job } from "bullmq";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import type { EvaluationJobData } from "@/lib/scheduling/evaluation-job";
import { EVALUATION_QUEUES, getQueueByName, type EvaluationQueueName } from "@/lib/queue";
import { jobPriority, queueForSize } from "./policy";

export type Scheduling = { queue: EvaluationQueueName; priority: number; byteSize: number; teamBacklog: number };

/**
 * Queue and priority of a submission (lib/scheduling/policy.ts): its size picks the queue, its team's
 * submissions that are already waiting or running (those created before it) its fair-share rank.
 * Organizer baselines without a team share by uploader.
 */
export async function schedulingFor(submissionId: string): Promise<Scheduling> {
  const s = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { byteSize: true, teamId: true, userId: true, createdAt: true },
  });
  const teamBacklog = await prisma.submission.count({
    where: {
      id: { not: submissionId },
      status: { in: ["QUEUED", "RUNNING"] },
      createdAt: { lt: s.createdAt },
      ...(s.teamId ? { teamId: s.teamId } : { teamId: null, userId: s.userId }),
    },
  });
  const byteSize = Number(s.byteSize);
  return {
    queue: queueForSize(byteSize, env.LARGE_JOB_MIN_MB * 1024 * 1024),
    priority: jobPriority(byteSize, teamBacklog),
    byteSize,
    teamBacklog,
  };
}

/** A submission's evaluation job, in whichever evaluation queue holds it. */
export async function findEvaluationJob(submissionId: string): Promise<Job<EvaluationJobData> | null> {
  for (const name of EVALUATION_QUEUES) {
    const job = await getQueueByName(name).getJob(submissionId);
    if (job) return job;
  }
  return null;
}
