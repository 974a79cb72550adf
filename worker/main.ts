import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Worker } from "bullmq";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { startTempFileSweeper } from "@/lib/storage";
import {
  EVALUATIONS_QUEUE,
  LARGE_EVALUATIONS_QUEUE,
  WORKER_HEARTBEAT_INTERVAL_MS,
  clearWorkerHeartbeat,
  createRedisConnection,
  evictionPolicyProblem,
  redisEvictionPolicy,
  writeWorkerHeartbeat,
  type WorkerHeartbeat,
} from "@/lib/queue";
import { SHARD_JOB } from "@/lib/scheduling/evaluation-job";
import { closeShardFlow } from "@/lib/scheduling/shard-flow";
import { startShardSweeper } from "@/lib/sharding/shard-store";
import { enqueueStatistics, STATISTICS_JOB } from "@/lib/statistics/job";
import { MAINTENANCE_QUEUE, scheduleStorageCleanup } from "@/lib/submissions/cleanup-job";
import { runStorageCleanup } from "@/lib/submissions/storage-cleanup";
import { enqueueTideAnalysis, TIDE_JOB } from "@/lib/tide/job";
import { processEvaluationJob } from "./evaluate-job";
import { processShardJob } from "./shard-job";
import { processStatisticsJob } from "./statistics-job";
import { processTideJob } from "./tide-job";
import { closeEvaluationThreads, evaluationThreadHeapLimitMb, warmUpEvaluationThreads } from "./evaluation-threads";
import { startWatchdog } from "./watchdog";

const SHUTDOWN_TIMEOUT_MS = 30_000;
/** How often the running jobs' submissions are checked for a cancel (watchCancellations). */
const CANCEL_POLL_MS = 400;

async function connectOrExplain<T>(what: string, fix: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new Error(`${what} is unreachable: ${err instanceof Error ? err.message : String(err)}. ${fix}`, { cause: err });
  }
}

/**
 * A cancel is a database write (lib/submissions/cancel.ts): every CANCEL_POLL_MS the running jobs'
 * submissions are looked up, and the job of a cancelled one gets its AbortSignal (BullMQ cancelJob),
 * which terminates its evaluation thread (worker/evaluation-threads.ts): it stops within a second
 * instead of computing to the next progress check.
 */
function watchCancellations(jobs: Map<string, { worker: Worker; jobId: string; submissionId: string }>): () => void {
  let busy = false;
  const check = async () => {
    if (busy || jobs.size === 0) return;
    busy = true;
    try {
      const ids = [...new Set([...jobs.values()].map((j) => j.submissionId))];
      const cancelled = await prisma.submission.findMany({ where: { id: { in: ids }, status: "CANCELLED" }, select: { id: true } });
      const gone = new Set(cancelled.map((c) => c.id));
      for (const j of jobs.values()) if (gone.has(j.submissionId)) j.worker.cancelJob(j.jobId, "cancelled");
    } catch {
      // The database is away: the job's own progress checks and retries deal with it.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), CANCEL_POLL_MS);
  return () => clearInterval(timer);
}

/** Runs one evaluation worker process until SIGTERM/SIGINT. */
export async function runWorker(): Promise<void> {
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  await connectOrExplain("PostgreSQL", "Check DATABASE_URL and run npm run db:migrate.", () => prisma.$queryRaw`SELECT 1`);
  // Plain commands (heartbeat) fail fast; the BullMQ connection below retries forever by design.
  const redis = createRedisConnection({ maxRetriesPerRequest: 1 });
  await connectOrExplain("Redis", "Check REDIS_URL.", () => redis.ping());
  // A Redis that evicts keys loses queued jobs: refuse to run on it rather than lose submissions.
  const evicting = evictionPolicyProblem(await redisEvictionPolicy(redis));
  if (evicting) {
    redis.disconnect();
    throw new Error(evicting);
  }

  // Small files and large files have their own slots (lib/scheduling): a big file never holds up small ones.
  const slots: Record<string, number> = {
    [EVALUATIONS_QUEUE]: env.WORKER_CONCURRENCY,
    [LARGE_EVALUATIONS_QUEUE]: env.WORKER_LARGE_CONCURRENCY,
  };
  const running = new Map<string, { id: string; queue: string; since: string }>();
  // What cancelJob needs for each running evaluation or shard job: its worker and its submission.
  const cancellable = new Map<string, { worker: Worker; jobId: string; submissionId: string }>();
  const workers = Object.entries(slots)
    .filter(([, concurrency]) => concurrency > 0)
    .map(([queue, concurrency]) => {
      const worker: Worker = new Worker(
        queue,
        async (job, token, signal) => {
          const key = `${queue}:${job.id}`;
          running.set(key, { id: job.id!, queue, since: new Date().toISOString() });
          const data = job.data as { submissionId?: unknown };
          if (typeof data.submissionId === "string") cancellable.set(key, { worker, jobId: job.id!, submissionId: data.submissionId });
          try {
            // A sharded evaluation's children share the large-job queue (lib/scheduling/shard-flow.ts).
            if (job.name === SHARD_JOB.name) return await processShardJob(job, token, signal);
            await processEvaluationJob(job, token, signal);
            // The bootstrap and the TIDE analysis follow the score (which is already visible); each
            // checks the score itself.
            const { submissionId } = job.data as { submissionId: string };
            await enqueueStatistics(submissionId).catch((err: Error) =>
              console.error(`could not queue the bootstrap of ${job.id}: ${err.message}`),
            );
            await enqueueTideAnalysis(submissionId).catch((err: Error) =>
              console.error(`could not queue the TIDE analysis of ${job.id}: ${err.message}`),
            );
          } finally {
            running.delete(key);
            cancellable.delete(key);
          }
        },
        {
          connection: createRedisConnection(),
          prefix: env.BULLMQ_PREFIX,
          concurrency,
          // A dead worker's job runs again once its lock expires, found at the next stalled check.
          lockDuration: env.WORKER_LOCK_DURATION_MS,
          stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
        },
      );
      worker.on("failed", (job, err) => console.error(`job ${job?.id} (${job?.name}) failed: ${err.message}`));
      worker.on("error", (err) => console.error(`worker error: ${err.message}`));
      return worker;
    });

  // One bootstrap and one TIDE analysis at a time: follow-ups, never ahead of scoring.
  const followUps = [
    { queue: STATISTICS_JOB.queue, what: "bootstrap", process: processStatisticsJob },
    { queue: TIDE_JOB.queue, what: "TIDE analysis", process: processTideJob },
  ];
  for (const { queue, what, process: run } of followUps) {
    const worker = new Worker(queue, run, {
      connection: createRedisConnection(),
      prefix: env.BULLMQ_PREFIX,
      concurrency: 1,
    });
    worker.on("failed", (job, err) => console.error(`${what} ${job?.id} failed: ${err.message}`));
    worker.on("error", (err) => console.error(`${queue} worker error: ${err.message}`));
    workers.push(worker);
  }

  // Refused uploads' files and orphaned files (lib/submissions/storage-cleanup.ts), on BullMQ's schedule.
  const maintenance = new Worker(
    MAINTENANCE_QUEUE,
    async () => {
      const report = await runStorageCleanup();
      if (report.deletedFiles + report.orphanFiles > 0)
        console.log(
          `storage cleanup: ${report.refusedRows} refused upload(s) purged, ${report.deletedFiles + report.orphanFiles} file(s) deleted`,
        );
      return report;
    },
    { connection: createRedisConnection(), prefix: env.BULLMQ_PREFIX, concurrency: 1 },
  );
  maintenance.on("failed", (job, err) => console.error(`storage cleanup failed: ${err.message}`));
  maintenance.on("error", (err) => console.error(`maintenance worker error: ${err.message}`));
  workers.push(maintenance);
  await scheduleStorageCleanup().catch((err: Error) => console.error(`could not schedule the storage cleanup: ${err.message}`));

  const startedAt = new Date().toISOString();
  const beat = (): Promise<void> => {
    const heartbeat: WorkerHeartbeat = {
      workerId,
      pid: process.pid,
      hostname: os.hostname(),
      concurrency: env.WORKER_CONCURRENCY,
      queues: slots,
      running: [...running.values()],
      rssMiB: Math.round(process.memoryUsage.rss() / 1024 / 1024),
      startedAt,
      at: new Date().toISOString(),
    };
    return writeWorkerHeartbeat(redis, heartbeat).catch((err: Error) => console.error(`heartbeat failed: ${err.message}`));
  };
  await beat();
  const heartbeatTimer = setInterval(() => void beat(), WORKER_HEARTBEAT_INTERVAL_MS);
  const stopWatchdog = startWatchdog();
  const stopCancelWatch = watchCancellations(cancellable);
  const stopSweeper = startTempFileSweeper();
  const stopShardSweeper = startShardSweeper(env.SHARD_SWEEP_INTERVAL_MS);
  warmUpEvaluationThreads(env.WORKER_CONCURRENCY + env.WORKER_LARGE_CONCURRENCY);
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  console.log(
    `worker ${workerId} ready: prefix "${env.BULLMQ_PREFIX}", slots ${Object.entries(slots)
      .map(([q, n]) => `${q}=${n}`)
      .join(", ")}, ${evaluationThreadHeapLimitMb()} MiB heap per evaluation thread`,
  );

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting for running jobs.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing running jobs, then stopping (send again to force).`);
    const force = setTimeout(() => {
      console.error(`Shutdown took over ${SHUTDOWN_TIMEOUT_MS} ms; exiting.`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    clearInterval(heartbeatTimer);
    stopWatchdog();
    stopCancelWatch();
    stopSweeper();
    stopShardSweeper();
    await Promise.all(workers.map((w) => w.close()));
    await closeEvaluationThreads();
    await closeShardFlow();
    await clearWorkerHeartbeat(redis, workerId).catch(() => {});
    redis.disconnect();
    await prisma.$disconnect();
    console.log(`worker ${workerId} stopped.`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
