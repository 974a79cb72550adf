import type { JobsOptions } from "bullmq";
import type { z } from "zod";

/**
 * One kind of BullMQ job, described once: its queue, its name, the zod schema of its payload (the
 * payload's type is inferred from it) and the options every such job is added with. The producer
 * (lib/) adds jobs from it; the worker's processor (worker/job-processor.ts jobProcessor) parses the
 * payload with the same schema before its handler runs, so the two sides cannot drift apart.
 */
export type JobDefinition<Payload extends z.ZodType = z.ZodType> = {
  readonly queue: string;
  readonly name: string;
  readonly payload: Payload;
  /** What each job is added with (attempts, backoff, retention); callers add jobId, priority, parent. */
  readonly options: Readonly<JobsOptions>;
};

/** The payload type of a job definition. */
export type JobPayload<D extends JobDefinition> = z.infer<D["payload"]>;

export function defineJob<Payload extends z.ZodType>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return Object.freeze(definition);
}
