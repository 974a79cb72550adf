import "server-only";
import { UnrecoverableError, type Job } from "bullmq";
import { env } from "@/lib/config";
import type { StatisticsOutcome } from "@/lib/statistics/compute-score-statistics";
import { statisticsJobSchema } from "@/lib/statistics/job";
import { runFollowUpInThread } from "./follow-up-thread";

const ENTRY = new URL("./statistics-thread-entry.mjs", import.meta.url);

/**
 * The "statistics" job processor: the bootstrap of a scored submission (docs/statistics.md). The
 * score is already visible; a failure here is logged and retried, never shown to the team as theirs.
 */
export async function processStatisticsJob(job: Job, signal?: AbortSignal): Promise<StatisticsOutcome> {
  const payload = statisticsJobSchema.safeParse(job.data);
  if (!payload.success)
    throw new UnrecoverableError(`invalid statistics job payload ${JSON.stringify(job.data)}: ${payload.error.message}`);
  return runFollowUpInThread<StatisticsOutcome>(ENTRY, payload.data.submissionId, "bootstrap", env.EVAL_JOB_TIMEOUT_MS, signal);
}
