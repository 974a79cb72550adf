import "server-only";
import { DelayedError, UnrecoverableError, WaitingChildrenError, type Job } from "bullmq";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { EVALUATION_JOB, shardCount, type EvaluationJobData } from "@/lib/scheduling/evaluation-job";
import { addShardJobs } from "@/lib/scheduling/shard-flow";
import type { ShardPlan } from "@/lib/scoring/score-sharded";
import { deleteSubmissionShards } from "@/lib/sharding/shard-store";
import { failSubmission } from "@/lib/submissions/fail-submission";
import type { Progress } from "@/lib/scoring/progress";
import { claimSubmission, recordProgress, releaseForRetry } from "@/lib/scoring/claim";
import { scoresInShards } from "@/lib/scoring/scoring-context";
import { isDatabaseUnavailable } from "@/lib/errors";
import { CLAIM_RETRY_BUDGET_MS, retryWhileDatabaseUnavailable } from "@/lib/scoring/database-retry";
import { runInThread, ThreadRunError } from "./evaluation-threads";
import { jobProcessor } from "./job-processor";
import { holdForTest } from "./test-hold";

/** A job that met a database outage waits this long before it runs again (as often as needed: never FAILED for it). */
export const DATABASE_OUTAGE_RETRY_MS = 5_000;

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

const firstLine = (err: unknown) => ((err as Error)?.message ?? String(err)).trim().split("\n").at(-1) ?? "";

/**
 * The database is away: the job goes back to the delayed set and runs again later. BullMQ does not
 * count a DelayedError as a failed attempt, so an outage, however long, never fails a submission.
 */
async function postpone(job: Job, token: string | undefined, submissionId: string, cause: unknown): Promise<never> {
  console.error(
    `[worker] submission ${submissionId}: database unavailable, trying again in ${DATABASE_OUTAGE_RETRY_MS / 1000} s (not counted as an attempt): ${firstLine(cause)}`,
  );
  await job.moveToDelayed(Date.now() + DATABASE_OUTAGE_RETRY_MS, token);
  throw new DelayedError();
}

/** Bookkeeping after a failure must not hide the failure: its own error is logged, the original rethrown. */
async function bestEffort(what: string, submissionId: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    console.error(`[worker] submission ${submissionId}: could not ${what}: ${firstLine(e)}`);
  }
}

/**
 * The "evaluations" job processor. User errors (bad file, time limit) fail the submission at once
 * (UnrecoverableError: no retry). The database being away is no attempt: the claim and the score
 * write are retried within the job, then the job is postponed (postpone) as often as needed. Other
 * infrastructure errors are retried by BullMQ with backoff, and the last attempt fails the
 * submission with the reason. A job whose submission was cancelled or already finished completes
 * without doing anything; one cancelled while running (its `signal` aborted, worker/main.ts) has
 * its thread terminated and completes without scores.
 */
export const processEvaluationJob = jobProcessor(EVALUATION_JOB, async ({ submissionId, plan }, { job, token, signal }): Promise<void> => {
  let claimed: boolean;
  try {
    // With a plan this is the same attempt back to merge (its shard retries are theirs): not counted again.
    claimed = await retryWhileDatabaseUnavailable(
      `submission ${submissionId}: claiming`,
      () => claimSubmission(submissionId, { resume: plan !== undefined }),
      { budgetMs: CLAIM_RETRY_BUDGET_MS },
    );
  } catch (e) {
    if (isDatabaseUnavailable(e)) return postpone(job, token, submissionId, e);
    throw e;
  }
  // With a plan the job is back after its shard jobs (or retried after them): it merges, unless the
  // submission was cancelled meanwhile.
  if (!claimed) {
    if (plan) await deleteSubmissionShards(submissionId);
    return;
  }
  if (!plan) await holdForTest(submissionId);

  try {
    const run = (task: Parameters<typeof runInThread>[0]["task"]) =>
      runInThread({ submissionId, task }, { timeoutMs: env.EVAL_JOB_TIMEOUT_MS, onProgress: throttledProgress(job, submissionId), signal });
    if (plan) {
      if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
      await run({ kind: "merge", plan });
      return;
    }
    const { byteSize } = await prisma.submission.findUniqueOrThrow({ where: { id: submissionId }, select: { byteSize: true } });
    const shards = shardCount(Number(byteSize), env.SHARD_MIN_MB * 1024 * 1024, env.SHARD_TARGET_MB * 1024 * 1024);
    if (shards === 1 || !token || !(await scoresInShards(submissionId))) {
      await run({ kind: "score" });
      return;
    }
    // Large file (lib/scoring/score-sharded.ts): cut it into image shards, let child jobs match them on
    // any worker, and come back to merge once they are all done.
    const made = (await run({ kind: "partition", shards })) as ShardPlan;
    await addShardJobs(
      job,
      Array.from({ length: shards }, (_, shard) => ({ submissionId, plan: made, shard })),
    );
    const data: EvaluationJobData = { submissionId, plan: made };
    await job.updateData(data);
    if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
    await run({ kind: "merge", plan: made });
  } catch (e) {
    if (e instanceof WaitingChildrenError || e instanceof DelayedError) throw e;
    const err =
      e instanceof ThreadRunError
        ? e
        : new ThreadRunError(
            isDatabaseUnavailable(e) ? "unavailable" : "infrastructure",
            "evaluation_error",
            (e as Error)?.message ?? String(e),
          );
    if (err.kind === "abandoned") return;
    if (err.kind === "unavailable") {
      await bestEffort("release it for a later run", submissionId, () =>
        // A resumed merge's claim counted nothing (claimSubmission resume): nothing to take back.
        releaseForRetry(submissionId, "the database was unavailable", { uncount: !plan }),
      );
      return postpone(job, token, submissionId, err);
    }
    if (err.kind === "user" || err.kind === "timeout") {
      try {
        await failSubmission(submissionId, { code: err.code, message: err.message, countsTowardQuota: false, refused: true });
      } catch (writeError) {
        if (isDatabaseUnavailable(writeError)) return postpone(job, token, submissionId, writeError); // the verdict is found again
        throw writeError;
      }
      await deleteSubmissionShards(submissionId).catch(() => undefined); // a partition made before the verdict
      throw new UnrecoverableError(err.message);
    }
    const attempts = job.opts.attempts ?? 1;
    console.error(`[worker] submission ${submissionId}: attempt ${job.attemptsMade + 1}/${attempts} failed: ${err.message}`);
    if (job.attemptsMade + 1 >= attempts) {
      await bestEffort("mark it failed", submissionId, () =>
        failSubmission(submissionId, {
          code: "evaluation_error",
          // The detail (paths, hosts) stays in the worker's log; the team learns what happened and what to do.
          message: `The evaluation failed ${attempts} time(s) because of a server problem, not because of your file. The organizers can re-run it; the worker log has the details (submission ${submissionId}).`,
          countsTowardQuota: false,
        }),
      );
      await deleteSubmissionShards(submissionId).catch(() => undefined);
    } else {
      await bestEffort("release it for a retry", submissionId, () => releaseForRetry(submissionId, err.message.split("\n")[0]));
    }
    throw err;
  }
});
