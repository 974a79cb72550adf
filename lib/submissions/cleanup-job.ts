import "server-only";
import { Queue } from "bullmq";
import { env } from "@/lib/config";
import { createRedisConnection } from "@/lib/queue";

/** Periodic upkeep the workers run (lib/submissions/storage-cleanup.ts), one job at a time across all workers. */
export const MAINTENANCE_QUEUE = "maintenance";
export const STORAGE_CLEANUP_SCHEDULER = "storage-cleanup";
export const STORAGE_CLEANUP_JOB_NAME = "storage-cleanup";

const globalForQueue = globalThis as unknown as { maskboardMaintenanceQueue?: Queue };

export function getMaintenanceQueue(): Queue {
  globalForQueue.maskboardMaintenanceQueue ??= new Queue(MAINTENANCE_QUEUE, {
    connection: createRedisConnection(),
    prefix: env.BULLMQ_PREFIX,
  });
  return globalForQueue.maskboardMaintenanceQueue;
}

/**
 * Makes BullMQ run the storage cleanup every STORAGE_CLEANUP_INTERVAL_MINUTES (a job scheduler: one
 * schedule in Redis whatever the number of workers; upserting again only updates its interval).
 */
export async function scheduleStorageCleanup(queue: Queue = getMaintenanceQueue()): Promise<void> {
  await queue.upsertJobScheduler(
    STORAGE_CLEANUP_SCHEDULER,
    { every: env.STORAGE_CLEANUP_INTERVAL_MINUTES * 60_000 },
    { name: STORAGE_CLEANUP_JOB_NAME, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
  );
}
