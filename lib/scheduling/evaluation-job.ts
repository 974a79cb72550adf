import { z } from "zod";
import { defineJob } from "@/lib/job-definition";
import { EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE } from "@/lib/queue";

/** What a sharded evaluation keeps between its steps (lib/scoring/score-sharded.ts ShardPlan). */
export const shardPlanSchema = z.object({
  prefix: z.string().min(1).max(200),
  shards: z.number().int().min(1).max(256),
  firstHasBbox: z.boolean(),
  detections: z.array(z.number().int().min(0)),
});

/**
 * The payload of an "evaluations" job. The job id is the submission id, so a submission is queued at
 * most once. `plan` is set by the job itself once it has cut a large file into shards (its child jobs
 * then match them; the job runs again to merge).
 */
export const evaluationJobSchema = z.object({ submissionId: z.string().min(1).max(64), plan: shardPlanSchema.optional() });
export type EvaluationJobData = z.infer<typeof evaluationJobSchema>;

export const EVALUATION_JOB_NAME = "evaluate";

/** A child job of a sharded evaluation: match shard `shard` of the plan. */
export const shardJobSchema = z.object({ submissionId: z.string().min(1).max(64), plan: shardPlanSchema, shard: z.number().int().min(0) });
export type ShardJobData = z.infer<typeof shardJobSchema>;
export const SHARD_JOB_NAME = "evaluate-shard";

/** Infrastructure failures (database down, worker killed) are retried this many times in all, with backoff. */
export const EVALUATION_JOB_ATTEMPTS = 3;
export const EVALUATION_RETRY_BASE_DELAY_MS = 2_000;

/** How many shards a file of `byteSize` bytes is cut into (1: scored in one process). */
export function shardCount(byteSize: number, shardMinBytes: number, shardTargetBytes: number): number {
  if (byteSize < shardMinBytes) return 1;
  return Math.min(64, Math.max(2, Math.ceil(byteSize / shardTargetBytes)));
}

const retried = {
  attempts: EVALUATION_JOB_ATTEMPTS,
  backoff: { type: "exponential", delay: EVALUATION_RETRY_BASE_DELAY_MS },
} as const;

/**
 * The evaluation of one submission, in EVALUATIONS_QUEUE or, for big files, LARGE_EVALUATIONS_QUEUE
 * (lib/scheduling picks; added with jobId = submission id and a priority). Processed by
 * worker/evaluate-job.ts.
 */
export const EVALUATION_JOB = defineJob({
  queue: EVALUATIONS_QUEUE,
  name: EVALUATION_JOB_NAME,
  payload: evaluationJobSchema,
  options: { ...retried, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
});

/** One shard of a sharded evaluation (lib/scheduling/shard-flow.ts), a child of its EVALUATION_JOB. Processed by worker/shard-job.ts. */
export const SHARD_JOB = defineJob({
  queue: LARGE_EVALUATIONS_QUEUE,
  name: SHARD_JOB_NAME,
  payload: shardJobSchema,
  options: { ...retried, priority: 1, failParentOnFailure: true, removeOnComplete: 1000, removeOnFail: 5000 },
});
