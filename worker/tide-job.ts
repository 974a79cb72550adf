import "server-only";
import { env } from "@/lib/config";
import { recordTideFailure, type TideOutcome } from "@/lib/tide/compute-tide-analysis";
import { TIDE_JOB } from "@/lib/tide/job";
import { jobProcessor } from "./job-processor";
import { runFollowUpInThread } from "./follow-up-thread";

const ENTRY = new URL("./tide-thread-entry.mjs", import.meta.url);

/**
 * The "tide" job processor: TIDE's error analysis of a scored submission (docs/tide.md). The score is
 * already visible and never depends on this: a failure is retried, and after the last attempt the
 * analysis is recorded FAILED so the page says so instead of waiting.
 */
export const processTideJob = jobProcessor(TIDE_JOB, async ({ submissionId }, { job, signal }): Promise<TideOutcome> => {
  try {
    return await runFollowUpInThread<TideOutcome>(ENTRY, submissionId, "TIDE analysis", env.EVAL_JOB_TIMEOUT_MS, signal);
  } catch (e) {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (last && !signal?.aborted) {
      await recordTideFailure(submissionId, e instanceof Error ? e.message : String(e)).catch((err: Error) =>
        console.error(`could not record the failed TIDE analysis of ${submissionId}: ${err.message}`),
      );
    }
    throw e;
  }
});
