import "server-only";
import type { Queue } from "bullmq";
import { z } from "zod";
import { enqueueFollowUp, followUpJobOptions, followUpQueue, type FollowUpJobData } from "@/lib/follow-up-job";
import { defineJob } from "@/lib/job-definition";

/** The follow-up of a scored submission: TIDE's error analysis (lib/tide/compute-tide-analysis.ts). */
export const TIDE_QUEUE = "tide";
export const TIDE_JOB_NAME = "tide";
export const tideJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type TideJobData = z.infer<typeof tideJobSchema>;
/** Infrastructure failures are retried this many times in all; then the analysis is recorded FAILED. */
export const TIDE_JOB_ATTEMPTS = 3;

export const TIDE_JOB = defineJob({
  queue: TIDE_QUEUE,
  name: TIDE_JOB_NAME,
  payload: tideJobSchema,
  options: followUpJobOptions(TIDE_JOB_ATTEMPTS),
});

export function getTideQueue(): Queue<FollowUpJobData> {
  return followUpQueue(TIDE_QUEUE);
}

/** Queues the TIDE analysis of a submission's score (once per score; see enqueueFollowUp). */
export function enqueueTideAnalysis(submissionId: string): Promise<void> {
  return enqueueFollowUp(TIDE_JOB, submissionId);
}
