import "server-only";
import { Queue } from "bullmq";
import { z } from "zod";
import { env } from "@/lib/config";
import { createRedisConnection } from "@/lib/queue";

/** The follow-up of a scored submission: its bootstrap (lib/statistics/compute-score-statistics.ts). */
export const STATISTICS_QUEUE = "statistics";
export const STATISTICS_JOB_NAME = "bootstrap";
export const statisticsJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type StatisticsJobData = z.infer<typeof statisticsJobSchema>;
/** Infrastructure failures are retried this many times in all; the score itself is never affected. */
export const STATISTICS_JOB_ATTEMPTS = 3;

const globalForQueue = globalThis as unknown as { maskboardStatisticsQueue?: Queue<StatisticsJobData> };

export function getStatisticsQueue(): Queue<StatisticsJobData> {
  globalForQueue.maskboardStatisticsQueue ??= new Queue<StatisticsJobData>(STATISTICS_QUEUE, {
    connection: createRedisConnection(),
    prefix: env.BULLMQ_PREFIX,
  });
  return globalForQueue.maskboardStatisticsQueue;
}

/**
 * Queues the bootstrap of a submission's scores. The job id is the submission id (a second call while
 * one is queued does nothing); a finished job of an earlier score is removed first so a re-run is
 * followed up again.
 */
export async function enqueueStatistics(submissionId: string): Promise<void> {
  const queue = getStatisticsQueue();
  const existing = await queue.getJob(submissionId);
  if (existing) {
    const state = await existing.getState();
    if (state === "waiting" || state === "delayed" || state === "prioritized") return;
    // A running job of the old score keeps its id: the new one gets a fresh id and runs after it.
    if (state !== "active") await existing.remove().catch(() => undefined);
    else return addJob(queue, submissionId, undefined);
  }
  await addJob(queue, submissionId, submissionId);
}

async function addJob(queue: Queue<StatisticsJobData>, submissionId: string, jobId: string | undefined): Promise<void> {
  await queue.add(STATISTICS_JOB_NAME, { submissionId } satisfies StatisticsJobData, {
    jobId,
    attempts: STATISTICS_JOB_ATTEMPTS,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}
