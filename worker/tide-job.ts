import "server-only";
import { UnrecoverableError, type Job } from "bullmq";
import { env } from "@/lib/config";
import { recordTideFailure, type TideOutcome } from "@/lib/tide/compute-tide-analysis";
import { tideJobSchema } from "@/lib/tide/job";
import { runFollowUpInThread } from "./follow-up-thread";

const ENTRY = new URL("./tide-thread-entry.mjs", import.meta.url);

/**
 * The "tide" job processor: TIDE's error analysis of a scored submission (docs/tide.md). The score is
 * already visible and never depends on this: a failure is retried, and after the last attempt the
 * analysis is recorded FAILED so the page says so instead of waiting.
 */
export async function processTideJob(job: Job, signal?: AbortSignal): Promise<TideOutcome> {
  const payload = tideJobSchema.safeParse(job.data);
  if (!payload.success) throw new UnrecoverableError(`invalid tide job payload ${JSON.stringify(job.data)}: ${payload.error.message}`);
  const { submissionId } = payload.data;
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
}
