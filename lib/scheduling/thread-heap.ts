/** The share of the machine's memory that all evaluation threads of one worker process may use together. */
export const EVAL_HEAP_SHARE = 0.6;
/** No thread gets less than this, whatever the machine and the slot count (V8 needs room to start). */
export const MIN_EVAL_THREAD_HEAP_MB = 256;

/**
 * The old-generation heap limit (MiB) of each evaluation thread (worker_threads resourceLimits.maxOldGenerationSizeMb).
 * A worker runs up to `threads` evaluations at once (WORKER_CONCURRENCY + WORKER_LARGE_CONCURRENCY), so each
 * gets its share of EVAL_HEAP_SHARE of the machine and all of them together fit; `overrideMb`
 * (EVAL_THREAD_HEAP_MB, 0: derive) replaces the derivation.
 */
export function evaluationThreadHeapMb(opts: { totalMemBytes: number; threads: number; overrideMb?: number }): number {
  if (opts.overrideMb && opts.overrideMb > 0) return Math.floor(opts.overrideMb);
  const totalMb = opts.totalMemBytes / 1024 ** 2;
  const share = Math.floor((totalMb * EVAL_HEAP_SHARE) / Math.max(1, opts.threads));
  return Math.max(MIN_EVAL_THREAD_HEAP_MB, share);
}
