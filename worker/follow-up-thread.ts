import "server-only";
import { Worker } from "node:worker_threads";

/** What a follow-up thread (statistics-thread.ts, tide-thread.ts) posts back once. */
export type FollowUpReply<T> = { type: "done"; outcome: T } | { type: "failed"; message: string };

/**
 * Runs a follow-up of a submission's score (its bootstrap, its TIDE analysis) in a thread of its own:
 * seconds to minutes of CPU that would starve BullMQ's lock renewals on the main thread. The thread
 * is ended when done, after `timeoutMs`, or when `signal` aborts (the worker is stopping).
 */
export function runFollowUpInThread<T>(
  entry: URL,
  submissionId: string,
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  const thread = new Worker(entry, { workerData: { submissionId } });
  return new Promise<T>((resolve, reject) => {
    const finish = (error: Error | null, outcome?: T) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      thread.removeAllListeners();
      void thread.terminate();
      if (error) reject(error);
      else resolve(outcome!);
    };
    const timer = setTimeout(() => finish(new Error(`the ${what} took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onAbort = () => finish(new Error("the worker is stopping"));
    signal?.addEventListener("abort", onAbort);
    thread.on("message", (reply: FollowUpReply<T>) =>
      reply.type === "done" ? finish(null, reply.outcome) : finish(new Error(`the ${what} failed: ${reply.message}`)),
    );
    thread.on("error", (e) => finish(e));
    thread.on("exit", (code) => finish(new Error(`the ${what} thread exited (code ${code})`)));
  });
}

/** The body of a follow-up thread: runs `compute` on the thread's submission and posts the reply. */
export function serveFollowUp<T>(
  port: { postMessage(reply: FollowUpReply<T>): void },
  submissionId: string,
  compute: (id: string) => Promise<T>,
): void {
  compute(submissionId).then(
    (outcome) => port.postMessage({ type: "done", outcome }),
    (e: unknown) => port.postMessage({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}
