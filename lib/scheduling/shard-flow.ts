import "server-only";
import { FlowProducer, type Job } from "bullmq";
import { env } from "@/lib/config";
import { createRedisConnection } from "@/lib/queue";
import { SHARD_JOB, type ShardJobData } from "./evaluation-job";

const globalForFlow = globalThis as unknown as { maskboardShardFlow?: FlowProducer };

function flowProducer(): FlowProducer {
  globalForFlow.maskboardShardFlow ??= new FlowProducer({ connection: createRedisConnection(), prefix: env.BULLMQ_PREFIX });
  return globalForFlow.maskboardShardFlow;
}

/** The child job id of a shard: one per shard of a partition, so re-adding one is a no-op. */
export function shardJobId(data: ShardJobData): string {
  return `${data.submissionId}-shard-${data.shard}-${data.plan.prefix.split("/").pop()}`;
}

/**
 * Adds one child job per shard under `parent` (a running evaluation job), in the large-job queue: any
 * worker with a large slot takes them. Each is retried alone on an infrastructure failure; its last
 * failure fails the parent. They go before the queue's other files (priority 1): they finish work
 * already started, and they are what the team of a large file waits for.
 */
export async function addShardJobs(parent: Job, children: ShardJobData[]): Promise<void> {
  const producer = flowProducer();
  for (const data of children) {
    await producer.add({
      name: SHARD_JOB.name,
      queueName: SHARD_JOB.queue,
      data,
      opts: { ...SHARD_JOB.options, jobId: shardJobId(data), parent: { id: parent.id!, queue: parent.queueQualifiedName } },
    });
  }
}

/** Closes the flow producer's connection (tests, scripts). */
export async function closeShardFlow(): Promise<void> {
  await globalForFlow.maskboardShardFlow?.close();
  globalForFlow.maskboardShardFlow = undefined;
}
