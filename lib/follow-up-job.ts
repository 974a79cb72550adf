import "server-only";
import { Queue } from "bullmq";
import { env } from "@/lib/config";
import type { JobDefinition } from "@/lib/job-definition";
import { createRedisConnection } from "@/lib/queue";

/**
 * The jobs that follow a submission's score (its bootstrap, its TIDE analysis): one queue each,
 * keyed by submission id, retried with backoff, never ahead of scoring.
 */
export type FollowUpJobData = { submissionId: string };

/** Retried with backoff; a finished job is removed (a re-run is followed up again), a failed one kept a week. */
export function followUpJobOptions(attempts: number) {
  return {
    attempts,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  } as const;
}

const globalForQueues = globalThis as unknown as { maskboardFollowUpQueues?: Map<string, Queue<FollowUpJobData>> };

/** The process's one Queue object for the follow-up queue `name`. */
export function followUpQueue(name: string): Queue<FollowUpJobData> {
  const queues = (globalForQueues.maskboardFollowUpQueues ??= new Map<string, Queue<FollowUpJobData>>());
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue<FollowUpJobData>(name, { connection: createRedisConnection(), prefix: env.BULLMQ_PREFIX });
    queues.set(name, queue);
  }
  return queue;
}

/**
 * Queues the follow-up `definition` of a submission's score. The job id is the submission id (a second
 * call while one is queued does nothing); a finished job of an earlier score is removed first so a
 * re-run is followed up again; while one runs, the new one gets a fresh id and runs after it.
 */
export async function enqueueFollowUp(definition: JobDefinition, submissionId: string): Promise<void> {
  const queue = followUpQueue(definition.queue);
  const add = (jobId: string | undefined) => queue.add(definition.name, { submissionId }, { ...definition.options, jobId });
  const existing = await queue.getJob(submissionId);
  if (existing) {
    const state = await existing.getState();
    if (state === "waiting" || state === "delayed" || state === "prioritized") return;
    if (state === "active") {
      await add(undefined);
      return;
    }
    await existing.remove().catch(() => undefined);
  }
  await add(submissionId);
}
