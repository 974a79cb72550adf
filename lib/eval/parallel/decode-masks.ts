// Decoding the results' masks on two cores: the helper thread is handed the last two thirds of the
// chunks, the main thread first sorts the detections (evaluate.ts) and decodes the first third, then
// takes whatever the helper has not claimed yet — the machine may be busy, the thread slow to start:
// the main thread never waits on it longer than for the chunks it is decoding. Both write into the
// same shared columns, so nothing is copied back. The evaluation API stays synchronous: the main
// thread blocks on Atomics.wait.
import os from "node:os";
import { decodeCountAt, mergeZeroRuns } from "../mask/counts-decoder";
import { allocateMaskColumns, decodeMeasureMasks, type MaskColumns } from "../mask/decode-measure";
import { CLAIM, DONE, FAILED, PENDING, maskWorker } from "./mask-worker";

/** Below this many masks a thread costs more (start-up, copying the strings) than it saves. */
export const PARALLEL_MIN_MASKS = 50_000;
const CHUNK_SIZE = 8192;
/** A thread silent for this long while holding a chunk is presumed dead; its chunks are redone here. */
const STALL_MS = 20_000;

export interface DecodeMasksOptions {
  /** true: use the helper thread whatever the size; false: never; undefined: by size and cores. */
  parallel?: boolean;
  chunkSize?: number;
  /** false: the main thread leaves the helper's chunks to it instead of taking the unclaimed ones (tests). */
  steal?: boolean;
}

/** Which masks' runs to store (keep[i] = 1); null: all. The others are only measured. */
export type KeepRuns = Uint8Array | null;

export interface DecodedMasks extends MaskColumns {
  /** The first invalid mask, or -1 (masks are then not all decoded). */
  invalid: number;
  /** How many chunks the helper thread decoded (0 when single-threaded). */
  workerChunks: number;
}

export function wantThread(count: number, options: DecodeMasksOptions): boolean {
  if (options.parallel !== undefined) return options.parallel;
  return count >= PARALLEL_MIN_MASKS && os.availableParallelism() > 1;
}

/** Decoding under way: finish() completes it on this thread (joining the helper) and returns the columns. */
export interface PendingMasks {
  finish(): DecodedMasks;
}

/** Decodes compressed counts strings; mask i has size heights[i] x widths[i]. */
export function decodeMasks(
  strings: string[],
  heights: Int32Array,
  widths: Int32Array,
  keep: KeepRuns,
  options: DecodeMasksOptions = {},
): DecodedMasks {
  return startDecodingMasks(strings, heights, widths, keep, options).finish();
}

/**
 * Hands the second half of the masks to the helper thread (when worth it) and returns at once, so the
 * caller can do other work (sorting the detections) before finish() decodes the rest here.
 */
export function startDecodingMasks(
  strings: string[],
  heights: Int32Array,
  widths: Int32Array,
  keep: KeepRuns,
  options: DecodeMasksOptions = {},
): PendingMasks {
  const n = strings.length;
  const chunkSize = Math.max(1, options.chunkSize ?? CHUNK_SIZE);
  const chunkCount = Math.ceil(n / chunkSize);
  const countsAt = new Float64Array(chunkCount + 1);
  for (let c = 0; c < chunkCount; c++) {
    let chars = 0;
    for (let i = c * chunkSize, end = Math.min(n, i + chunkSize); i < end; i++)
      if (keep === null || keep[i] === 1) chars += strings[i].length;
    countsAt[c + 1] = countsAt[c] + chars;
  }
  const worker = chunkCount > 1 && wantThread(n, options) ? maskWorker() : null;
  const out = allocateMaskColumns(n, countsAt[chunkCount], worker !== null);
  // The first invalid mask of chunk c + 1, or 0.
  const result = new Int32Array(worker ? new SharedArrayBuffer(4 * chunkCount) : new ArrayBuffer(4 * chunkCount));
  const decode = (c: number) => {
    result[c] =
      decodeMeasureMasks(
        strings,
        0,
        c * chunkSize,
        Math.min(n, (c + 1) * chunkSize),
        heights,
        widths,
        out,
        countsAt[c],
        keep,
        decodeCountAt,
        mergeZeroRuns,
      ) + 1;
  };
  const firstShared = worker ? Math.floor(chunkCount / 3) : chunkCount;
  const control = new Int32Array(new SharedArrayBuffer(8));
  if (worker) {
    result.fill(PENDING, firstShared);
    worker.post({
      strings: strings.slice(firstShared * chunkSize),
      firstShared,
      chunkCount,
      chunkSize,
      count: n,
      heights,
      widths,
      countsAt,
      keep,
      out,
      control,
      result,
    });
  }
  const finish = (): DecodedMasks => {
    for (let c = 0; c < firstShared; c++) decode(c);
    let workerChunks = 0;
    if (worker) {
      let stolen = 0;
      const steal = options.steal ?? true;
      for (
        let c = steal ? firstShared + Atomics.add(control, CLAIM, 1) : chunkCount;
        c < chunkCount;
        c = firstShared + Atomics.add(control, CLAIM, 1)
      ) {
        decode(c);
        stolen++;
      }
      workerChunks = chunkCount - firstShared - stolen;
      let waitedSince = performance.now();
      for (let done = Atomics.load(control, DONE); done < workerChunks; done = Atomics.load(control, DONE)) {
        if (Atomics.wait(control, DONE, done, 1000) !== "timed-out") waitedSince = performance.now();
        else if (performance.now() - waitedSince > STALL_MS) {
          worker.discard();
          break;
        }
      }
      // A thread failure is not the input's fault: such a chunk is decoded again here.
      for (let c = firstShared; c < chunkCount; c++) if (result[c] === FAILED || result[c] === PENDING) decode(c);
    }
    let invalid = -1;
    for (let c = 0; c < chunkCount && invalid < 0; c++) if (result[c] > 0) invalid = result[c] - 1;
    return { ...out, invalid, workerChunks };
  };
  return { finish };
}

/**
 * Starts the helper thread now instead of at the first large evaluation (a thread takes 30-100 ms to
 * boot). For a process that is about to evaluate: the CLI at start-up, the queue worker at boot.
 */
export function startEvaluatorThreads(): void {
  if (os.availableParallelism() > 1) maskWorker();
}

/** Resolves once the helper thread runs: true, or false when there is none (one core, or it failed to start). */
export function evaluatorThreadOnline(): Promise<boolean> {
  return os.availableParallelism() > 1 ? (maskWorker()?.online ?? Promise.resolve(false)) : Promise.resolve(false);
}
