import os from "node:os";
import { numpyMean } from "../numpy-mean";
import { summarySlots } from "../summarize";
import { FAILED, PENDING, claimReplicates, type ReplicateJob } from "./claim-replicates";
import { ReplicateAccumulator } from "./replicate-accumulate";
import type { ReplicateCache } from "./replicate-cache";
import { ReplicateEvaluator, type ReplicateKernel } from "./replicate-evaluator";
import { ReplicateSummary } from "./replicate-summary";
import { replicateWorker } from "./replicate-thread";

/** The multiplicity of every split image in every replicate, drawn by the caller (lib/eval draws nothing). */
export interface Multiplicities {
  replicates: number;
  /** n: the split's images, in ReplicateCache.imageIds order. */
  images: number;
  /** Replicate b at [b * images, (b + 1) * images); each row sums to n. */
  counts: Uint16Array;
}

export interface ReplicateStats {
  replicates: number;
  /** The 12 summary numbers of replicate b at [b * 12, b * 12 + 12). */
  stats: Float64Array;
  /** With perClass: category k of replicate b at [(b * categories + k) * 12 ..], -1 where undefined. */
  perClass: Float64Array | null;
  categories: number;
  /** Replicates the helper thread evaluated (0 when single-threaded). */
  helperReplicates: number;
}

export interface RunReplicatesOptions {
  perClass?: boolean;
  /** true: use the helper thread; false: never; unset: when the work is large and there is a second core. */
  parallel?: boolean;
}

/** Below this many (replicates x detections) the thread's start-up and the copy of the cache cost more than they save. */
const PARALLEL_MIN_WORK = 20_000_000;
/** A helper silent for this long is presumed dead; the replicates it holds are redone here. */
const STALL_MS = 20_000;

function mainKernel(cache: ReplicateCache): ReplicateKernel {
  return { Accumulator: ReplicateAccumulator, Summary: ReplicateSummary, mean: numpyMean, slots: summarySlots(cache.params) };
}

/** An evaluator of one replicate at a time on this thread (runReplicates runs many, on two threads). */
export function replicateEvaluator(cache: ReplicateCache, opts: { perClass?: boolean } = {}): ReplicateEvaluator {
  return new ReplicateEvaluator(cache, mainKernel(cache), opts);
}

function sharedOrNot<T extends Int32Array | Float64Array | Uint16Array>(
  make: new (buffer: ArrayBufferLike) => T,
  bytes: number,
  shared: boolean,
): T {
  return new make(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/**
 * Evaluates every replicate of `draws` on the cached matching (no IoU, no matching): on this thread,
 * and on a helper thread when worth it. Both claim replicates one at a time, so the numbers do not
 * depend on who computed what.
 */
export function runReplicates(cache: ReplicateCache, draws: Multiplicities, opts: RunReplicatesOptions = {}): ReplicateStats {
  const { replicates, images } = draws;
  if (images !== cache.imageIds.length) {
    throw new RangeError(`the multiplicities cover ${images} images but the split has ${cache.imageIds.length}`);
  }
  if (draws.counts.length !== replicates * images) throw new RangeError("multiplicities: counts must hold replicates x images values");
  const perClassWanted = opts.perClass === true;
  const work = replicates * cache.summary.streamImage.length;
  const wanted = opts.parallel ?? (work >= PARALLEL_MIN_WORK && os.availableParallelism() > 1);
  const worker = wanted && replicates > 1 ? replicateWorker() : null;
  const job = createJob(cache, draws, perClassWanted, worker !== null);
  const categories = job.categories;
  const kernel = mainKernel(cache);
  if (worker) worker.post({ ...job, cache, slots: kernel.slots, perClassWanted });
  const evaluator = new ReplicateEvaluator(cache, kernel, { perClass: perClassWanted });
  claimReplicates(evaluator, job, false);
  let helperReplicates = 0;
  if (worker) {
    helperReplicates = waitForHelper(job, () => worker.discard());
    // What the helper failed (or never finished) is evaluated here.
    for (let b = 0; b < replicates; b++) {
      const state = Atomics.load(job.state, b);
      if (state === PENDING || state === FAILED) {
        evaluator.evaluate(
          job.counts.subarray(b * images, (b + 1) * images),
          job.stats,
          b * 12,
          job.perClass ?? undefined,
          b * categories * 12,
        );
      }
    }
  }
  return { replicates, stats: job.stats, perClass: job.perClass, categories, helperReplicates };
}

/** The shared (or, single-threaded, plain) arrays of a run. */
export function createJob(cache: ReplicateCache, draws: Multiplicities, perClass: boolean, shared: boolean): ReplicateJob {
  const { replicates, images } = draws;
  const categories = cache.categoryIds.length;
  let counts = draws.counts;
  if (shared && !(counts.buffer instanceof SharedArrayBuffer)) {
    counts = sharedOrNot(Uint16Array, counts.byteLength, true);
    counts.set(draws.counts);
  }
  return {
    replicates,
    images,
    counts,
    control: sharedOrNot(Int32Array, 8, shared),
    state: sharedOrNot(Int32Array, 4 * replicates, shared),
    stats: sharedOrNot(Float64Array, 8 * replicates * 12, shared),
    perClass: perClass ? sharedOrNot(Float64Array, 8 * replicates * categories * 12, shared) : null,
    categories,
  };
}

/** Blocks until the helper has finished what it claimed (or stalls); returns how many it finished. */
export function waitForHelper(job: ReplicateJob, discard: () => void): number {
  // Everything is claimed once this thread's loop ends: what is still pending, the helper holds.
  let seen = Atomics.load(job.control, 1);
  let lastProgress = Date.now();
  for (;;) {
    let pending = 0;
    for (let b = 0; b < job.replicates; b++) if (Atomics.load(job.state, b) === PENDING) pending++;
    if (pending === 0) return Atomics.load(job.control, 1);
    Atomics.wait(job.control, 1, seen, 1000);
    const now = Atomics.load(job.control, 1);
    if (now !== seen) {
      seen = now;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      discard();
      return now;
    }
  }
}
