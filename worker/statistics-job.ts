import "server-only";
import { env } from "@/lib/config";
import type { StatisticsOutcome } from "@/lib/statistics/compute-score-statistics";
import { STATISTICS_JOB } from "@/lib/statistics/job";
import { jobProcessor } from "./job-processor";
import { runFollowUpInThread } from "./follow-up-thread";

const ENTRY = new URL("./statistics-thread-entry.mjs", import.meta.url);

/**
 * The "statistics" job processor: the bootstrap of a scored submission (docs/statistics.md). The
 * score is already visible; a failure here is logged and retried, never shown to the team as theirs.
 */
export const processStatisticsJob = jobProcessor(STATISTICS_JOB, ({ submissionId }, { signal }) =>
  runFollowUpInThread<StatisticsOutcome>(ENTRY, submissionId, "bootstrap", env.EVAL_JOB_TIMEOUT_MS, signal),
);
