import "server-only";
import type { Queue } from "bullmq";
import { z } from "zod";
import { enqueueFollowUp, followUpJobOptions, followUpQueue, type FollowUpJobData } from "@/lib/follow-up-job";
import { defineJob } from "@/lib/job-definition";

/** The follow-up of a scored submission: its bootstrap (lib/statistics/compute-score-statistics.ts). */
export const STATISTICS_QUEUE = "statistics";
export const STATISTICS_JOB_NAME = "bootstrap";
export const statisticsJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type StatisticsJobData = z.infer<typeof statisticsJobSchema>;
/** Infrastructure failures are retried this many times in all; the score itself is never affected. */
export const STATISTICS_JOB_ATTEMPTS = 3;

export const STATISTICS_JOB = defineJob({
  queue: STATISTICS_QUEUE,
  name: STATISTICS_JOB_NAME,
  payload: statisticsJobSchema,
  options: followUpJobOptions(STATISTICS_JOB_ATTEMPTS),
});

export function getStatisticsQueue(): Queue<FollowUpJobData> {
  return followUpQueue(STATISTICS_QUEUE);
}

/**
 * Queues the bootstrap of a submission's scores. The job id is the submission id (a second call while
 * one is queued does nothing); a finished job of an earlier score is removed first so a re-run is
 * followed up again.
 */
export function enqueueStatistics(submissionId: string): Promise<void> {
  return enqueueFollowUp(STATISTICS_JOB, submissionId);
}
