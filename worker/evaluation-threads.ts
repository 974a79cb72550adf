import os from "node:os";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/config";
import { evaluationThreadHeapMb } from "@/lib/scheduling/thread-heap";
import type { Progress } from "@/lib/scoring/progress";
import type { ThreadReply, ThreadRequest } from "./evaluation-thread-protocol";

const ENTRY = new URL("./evaluation-thread-entry.mjs", import.meta.url);

/**
 * Each thread's heap limit (MiB). Memory grows with the parsed detections (a 700 MB results file holds
 * ~3 million), so V8's default limit (about 4 GiB) can be too small; but the worker runs one thread per
 * slot at once, so each gets its share of 60% of the machine (EVAL_THREAD_HEAP_MB overrides it).
 */
export function evaluationThreadHeapLimitMb(): number {
  return evaluationThreadHeapMb({
    totalMemBytes: os.totalmem(),
    threads: env.WORKER_CONCURRENCY + env.WORKER_LARGE_CONCURRENCY,
    overrideMb: env.EVAL_THREAD_HEAP_MB,
  });
}

function newThread(): Worker {
  const thread = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: evaluationThreadHeapLimitMb() } });
  // A thread that dies while idle (e.g. its modules failed to load) is dropped, not reused.
  thread.on("error", (e) => console.error(`evaluation thread error: ${e.message}`));
  thread.on("exit", () => {
    const i = idle.indexOf(thread);
    if (i >= 0) idle.splice(i, 1);
  });
  return thread;
}

/** Why a scoring run in a thread ended without scores. */
export class ThreadRunError extends Error {
  constructor(
    /** unavailable: the database was down (a retry later can succeed; not counted as an attempt). */
    readonly kind: "user" | "abandoned" | "infrastructure" | "unavailable" | "timeout",
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ThreadRunError";
  }
}

export type ThreadRunOptions = {
  timeoutMs: number;
  /** Called for each progress report; resolve false to stop the run (the submission was cancelled). */
  onProgress: (p: Progress) => Promise<boolean> | boolean;
  /**
   * BullMQ's signal for the job (worker/main.ts aborts it when the submission is cancelled): the
   * thread is terminated at once, whatever it is computing, and the run rejects as "abandoned".
   */
  signal?: AbortSignal;
};

// Idle threads are reused so each keeps its ground-truth cache (by sha256) between jobs. A thread
// that timed out or was stopped is terminated, never reused.
const idle: Worker[] = [];

function takeThread(): Worker {
  return idle.pop() ?? newThread();
}

/** Scores a submission in a worker thread, with a time limit. Rejects with ThreadRunError. */
export async function scoreInThread(submissionId: string, opts: ThreadRunOptions): Promise<void> {
  await runInThread({ submissionId, task: { kind: "score" } }, opts);
}

/** Runs a scoring task in a worker thread, with a time limit; resolves with its value. Rejects with ThreadRunError. */
export function runInThread(request: ThreadRequest, opts: ThreadRunOptions): Promise<unknown> {
  const { submissionId } = request;
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abandoned(submissionId, signal));
  const thread = takeThread();
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const finish = (err: ThreadRunError | null, reusable: boolean, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      thread.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable) idle.push(thread);
      else void thread.terminate();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => {
      finish(
        new ThreadRunError(
          "timeout",
          "timeout",
          `The evaluation took longer than the limit of ${Math.round(opts.timeoutMs / 1000)} s and was stopped.`,
        ),
        false,
      );
    }, opts.timeoutMs);
    const onMessage = (reply: ThreadReply) => {
      if (reply.type === "done") return finish(null, true, reply.value);
      if (reply.type === "failed") return finish(new ThreadRunError(reply.kind, reply.code, reply.message), true);
      void Promise.resolve(opts.onProgress(reply)).then(
        (keepGoing) => {
          if (!keepGoing) finish(new ThreadRunError("abandoned", "abandoned", `submission ${submissionId} is no longer running`), false);
        },
        () => undefined, // a failed progress write must not fail the evaluation
      );
    };
    const onError = (e: Error) =>
      finish(new ThreadRunError("infrastructure", "thread_crashed", `the evaluation thread crashed: ${e.stack ?? e.message}`), false);
    const onExit = (code: number) =>
      finish(new ThreadRunError("infrastructure", "thread_crashed", `the evaluation thread exited (code ${code})`), false);
    const onAbort = () => {
      finish(abandoned(submissionId, signal!), false);
      console.log(`[worker] submission ${submissionId}: ${String(signal!.reason ?? "aborted")}; its evaluation thread was terminated`);
    };
    signal?.addEventListener("abort", onAbort);
    thread.on("message", onMessage).on("error", onError).on("exit", onExit);
    thread.postMessage(request);
  });
}

function abandoned(submissionId: string, signal: AbortSignal): ThreadRunError {
  return new ThreadRunError("abandoned", "abandoned", `submission ${submissionId}: ${String(signal.reason ?? "aborted")}`);
}

/** Starts threads ahead of the first jobs: loading the scoring modules takes seconds. */
export function warmUpEvaluationThreads(count: number): void {
  while (idle.length < count) idle.push(newThread());
}

/** Terminates idle threads (graceful worker shutdown). */
export async function closeEvaluationThreads(): Promise<void> {
  await Promise.all(idle.splice(0).map((t) => t.terminate()));
}
