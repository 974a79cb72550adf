import "server-only";
import { UnrecoverableError } from "bullmq";
import { env } from "@/lib/config";
import { SHARD_JOB } from "@/lib/scheduling/evaluation-job";
import { isStillRunning } from "@/lib/scoring/claim";
import { deleteSubmissionShards } from "@/lib/sharding/shard-store";
import { failSubmission } from "@/lib/submissions/fail-submission";
import { runInThread, ThreadRunError } from "./evaluation-threads";
import { jobProcessor } from "./job-processor";
import { holdForTest } from "./test-hold";

/** How often a running shard checks that its submission was not cancelled. */
const STATUS_CHECK_INTERVAL_MS = 1000;

/**
 * The "evaluate-shard" job (a child of a sharded evaluation, worker/evaluate-job.ts): matches one
 * image shard and stores its matching. It does nothing once the submission is no longer RUNNING
 * (cancelled: the parent will not merge), and stops a running match within a second of a cancel.
 * An infrastructure failure retries this shard alone; its last failure, or a problem in the file,
 * fails the submission (and, through the flow, the parent).
 */
export const processShardJob = jobProcessor(SHARD_JOB, async ({ submissionId, plan, shard }, { job, signal }): Promise<string | null> => {
  await holdForTest(`${submissionId}.shard-${shard}`);
  if (!(await isStillRunning(submissionId))) {
    await deleteSubmissionShards(submissionId); // cancelled or failed: the parent will not merge
    return null;
  }
  let lastCheck = Date.now();
  try {
    const key = (await runInThread(
      { submissionId, task: { kind: "match-shard", plan, shard } },
      {
        timeoutMs: env.EVAL_JOB_TIMEOUT_MS,
        signal,
        onProgress: (p) => {
          void job.updateProgress(p).catch(() => undefined);
          if (Date.now() - lastCheck < STATUS_CHECK_INTERVAL_MS) return true;
          lastCheck = Date.now();
          return isStillRunning(submissionId);
        },
      },
    )) as string;
    // Cancelled while matching: the cancel removed the shard files before this one was written.
    if (!(await isStillRunning(submissionId))) {
      await deleteSubmissionShards(submissionId);
      return null;
    }
    return key;
  } catch (e) {
    const err =
      e instanceof ThreadRunError ? e : new ThreadRunError("infrastructure", "evaluation_error", (e as Error)?.message ?? String(e));
    if (err.kind === "abandoned") return null;
    // Cancelled meanwhile (its input may be gone with the cancel): nothing to retry or to fail.
    if (err.kind === "infrastructure" && !(await isStillRunning(submissionId).catch(() => true))) {
      await deleteSubmissionShards(submissionId).catch(() => undefined);
      return null;
    }
    const attempts = job.opts.attempts ?? 1;
    if (err.kind === "user" || err.kind === "timeout" || job.attemptsMade + 1 >= attempts) {
      await failSubmission(submissionId, {
        code: err.kind === "infrastructure" ? "evaluation_error" : err.code,
        message:
          err.kind === "infrastructure"
            ? `The evaluation of shard ${shard + 1} of ${plan.shards} failed ${attempts} time(s) because of a server problem, not because of your file. The organizers can re-run it; the worker log has the details (submission ${submissionId}).`
            : err.message,
        countsTowardQuota: false,
      });
      await deleteSubmissionShards(submissionId).catch(() => undefined); // no merge will come
      throw new UnrecoverableError(err.message);
    }
    console.error(`[worker] submission ${submissionId} shard ${shard}: attempt ${job.attemptsMade + 1}/${attempts} failed: ${err.message}`);
    throw err;
  }
});
