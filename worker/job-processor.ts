import "server-only";
import { UnrecoverableError, type Job } from "bullmq";
import type { z } from "zod";
import type { JobDefinition } from "@/lib/job-definition";

/** What a handler gets besides its parsed payload: the job, its lock token, and BullMQ's AbortSignal. */
export type JobContext = { job: Job; token?: string; signal?: AbortSignal };

/**
 * The BullMQ processor of one job definition (lib/job-definition.ts): the payload is parsed with the
 * definition's schema (a job that does not match it can never succeed: UnrecoverableError, no retry)
 * and the handler gets it typed, with the job, its token and the AbortSignal a cancel fires.
 */
export function jobProcessor<Payload extends z.ZodType, Result>(
  definition: JobDefinition<Payload>,
  handler: (payload: z.infer<Payload>, context: JobContext) => Promise<Result>,
): (job: Job, token?: string, signal?: AbortSignal) => Promise<Result> {
  return async (job, token, signal) => {
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid ${definition.name} job payload ${JSON.stringify(job.data)}: ${parsed.error.message}`);
    return handler(parsed.data, { job, token, signal });
  };
}
