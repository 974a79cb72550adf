import "server-only";
import { Worker } from "node:worker_threads";
import { UnrecoverableError, type Job } from "bullmq";
import { env } from "@/lib/config";
import type { StatisticsOutcome } from "@/lib/statistics/compute-score-statistics";
import { statisticsJobSchema } from "@/lib/statistics/job";

const ENTRY = new URL("./statistics-thread-entry.mjs", import.meta.url);

type Reply = { type: "done"; outcome: StatisticsOutcome } | { type: "failed"; message: string };

/** Computes a submission's bootstrap in a thread of its own, ended when done or after `timeoutMs`. */
function inThread(submissionId: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<StatisticsOutcome> {
  const thread = new Worker(ENTRY, { workerData: { submissionId } });
  return new Promise<StatisticsOutcome>((resolve, reject) => {
    const finish = (error: Error | null, outcome?: StatisticsOutcome) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      thread.removeAllListeners();
      void thread.terminate();
      if (error) reject(error);
      else resolve(outcome!);
    };
    const timer = setTimeout(() => finish(new Error(`the bootstrap took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onAbort = () => finish(new Error("the worker is stopping"));
    signal?.addEventListener("abort", onAbort);
    thread.on("message", (reply: Reply) =>
      reply.type === "done" ? finish(null, reply.outcome) : finish(new Error(`the bootstrap failed: ${reply.message}`)),
    );
    thread.on("error", (e) => finish(e));
    thread.on("exit", (code) => finish(new Error(`the bootstrap thread exited (code ${code})`)));
  });
}

/**
 * The "statistics" job processor: the bootstrap of a scored submission (docs/statistics.md). The
 * score is already visible; a failure here is logged and retried, never shown to the team as theirs.
 */
export async function processStatisticsJob(job: Job, signal?: AbortSignal): Promise<StatisticsOutcome> {
  const payload = statisticsJobSchema.safeParse(job.data);
  if (!payload.success)
    throw new UnrecoverableError(`invalid statistics job payload ${JSON.stringify(job.data)}: ${payload.error.message}`);
  return inThread(payload.data.submissionId, env.EVAL_JOB_TIMEOUT_MS, signal);
}
