import { z } from "zod";

/** The payload of an "evaluations" job. The job id is the submission id, so a submission is queued at most once. */
export const evaluationJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type EvaluationJobData = z.infer<typeof evaluationJobSchema>;

export const EVALUATION_JOB_NAME = "evaluate";

/** Infrastructure failures (database down, worker killed) are retried this many times in all, with backoff. */
export const EVALUATION_JOB_ATTEMPTS = 3;
export const EVALUATION_RETRY_BASE_DELAY_MS = 2_000;
