import "server-only";
import { UnrecoverableError, type Job } from "bullmq";
import { env } from "@/lib/config";
import { evaluationJobSchema } from "@/lib/scheduling/evaluation-job";
import { failSubmission } from "@/lib/submissions/fail-submission";
import type { Progress } from "@/lib/scoring/progress";
import { claimSubmission, recordProgress, releaseForRetry } from "@/lib/scoring/claim";
import { scoreInThread, ThreadRunError } from "./evaluation-threads";
import { holdForTest } from "./test-hold";

/** Progress goes to the database at most this often (the status page polls it). */
const PROGRESS_WRITE_INTERVAL_MS = 1000;

function throttledProgress(job: Job, submissionId: string): (p: Progress) => Promise<boolean> {
  let lastWrite = 0;
  let lastStage: string | null = null;
  return async (p) => {
    const now = Date.now();
    if (p.stage === lastStage && now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return true;
    lastWrite = now;
    lastStage = p.stage;
    await job.updateProgress(p).catch(() => undefined);
    return recordProgress(submissionId, p);
  };
}

/**
 * The "evaluations" job processor. User errors (bad file, time limit) fail the submission at once
 * (UnrecoverableError: no retry); infrastructure errors are retried by BullMQ with backoff, and the
 * last attempt fails the submission with the reason. A job whose submission was cancelled or already
 * finished completes without doing anything.
 */
export async function processEvaluationJob(job: Job): Promise<void> {
  const payload = evaluationJobSchema.safeParse(job.data);
  if (!payload.success)
    throw new UnrecoverableError(`invalid evaluation job payload ${JSON.stringify(job.data)}: ${payload.error.message}`);
  const { submissionId } = payload.data;
  if (!(await claimSubmission(submissionId))) return;
  await holdForTest(submissionId);

  try {
    await scoreInThread(submissionId, { timeoutMs: env.EVAL_JOB_TIMEOUT_MS, onProgress: throttledProgress(job, submissionId) });
  } catch (e) {
    const err =
      e instanceof ThreadRunError ? e : new ThreadRunError("infrastructure", "evaluation_error", (e as Error)?.message ?? String(e));
    if (err.kind === "abandoned") return;
    if (err.kind === "user" || err.kind === "timeout") {
      await failSubmission(submissionId, { code: err.code, message: err.message, countsTowardQuota: false });
      throw new UnrecoverableError(err.message);
    }
    const attempts = job.opts.attempts ?? 1;
    console.error(`[worker] submission ${submissionId}: attempt ${job.attemptsMade + 1}/${attempts} failed: ${err.message}`);
    if (job.attemptsMade + 1 >= attempts) {
      await failSubmission(submissionId, {
        code: "evaluation_error",
        // The detail (paths, hosts) stays in the worker's log; the team learns what happened and what to do.
        message: `The evaluation failed ${attempts} time(s) because of a server problem, not because of your file. The organizers can re-run it; the worker log has the details (submission ${submissionId}).`,
        countsTowardQuota: false,
      });
    } else {
      await releaseForRetry(submissionId, err.message.split("\n")[0]);
    }
    throw err;
  }
}
