import "server-only";
import { getQueueByName, withQueueDeadline } from "@/lib/queue";
import { findEvaluationJob, schedulingFor } from "@/lib/scheduling/schedule";
import { EVALUATION_JOB, type EvaluationJobData } from "@/lib/scheduling/evaluation-job";

/** Job states in which a job will still be (or is being) processed. */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

export function isLiveJobState(state: string): boolean {
  return LIVE_STATES.has(state);
}

/** The BullMQ state of a submission's job, or null when Redis holds no job for it. */
export async function evaluationJobState(submissionId: string): Promise<string | null> {
  const job = await findEvaluationJob(submissionId);
  return job ? await job.getState() : null;
}

/**
 * Queues the evaluation of a submission. The job id is the submission id, so while a job is live a
 * second call does nothing; a finished or failed job of an earlier run is replaced (re-runs).
 * Bounded: rejects with QueueUnavailableError (503) at once when Redis refuses connections, after
 * ENQUEUE_TIMEOUT_MS when it hangs; the QUEUED row is then enqueued by the watchdog
 * (worker/watchdog.ts) once Redis answers.
 */
export function enqueueEvaluation(submissionId: string): Promise<void> {
  return withQueueDeadline(addEvaluationJob(submissionId), `queueing submission ${submissionId}`);
}

async function addEvaluationJob(submissionId: string): Promise<void> {
  const existing = await findEvaluationJob(submissionId);
  if (existing) {
    const state = await existing.getState();
    if (isLiveJobState(state)) return;
    await existing.remove().catch(() => undefined);
  }
  // Big files go to their own queue; priorities share the workers fairly between teams (lib/scheduling).
  const { queue, priority } = await schedulingFor(submissionId);
  const data: EvaluationJobData = { submissionId };
  await getQueueByName(queue).add(EVALUATION_JOB.name, data, { ...EVALUATION_JOB.options, jobId: submissionId, priority });
}

/**
 * Removes a submission's job unless a worker holds it (a running job notices the cancellation itself).
 * A sharded evaluation's parent waiting for its shards goes with its shard jobs; when a worker holds
 * one of them (BullMQ then keeps the parent), the shard jobs not yet started are removed, and the
 * running one stops at its next status check (worker/shard-job.ts).
 */
export async function removeEvaluationJob(submissionId: string): Promise<void> {
  const job = await findEvaluationJob(submissionId);
  if (!job) return;
  const state = await job.getState();
  if (state === "active") return;
  await job.remove().catch(async () => {
    // Locked: a shard is running. The others go now (BullMQ's removeUnprocessedChildren skips locked jobs).
    if (state === "waiting-children") await job.removeUnprocessedChildren().catch(() => undefined);
  });
}
