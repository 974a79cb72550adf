// The one helper thread of lib/eval: started on first use, kept for later evaluations, never keeping
// the process alive (unref). Its code is built from the source text of a self-contained function
// (decodeMeasureMasks, and the one counts decoder and run merger it is handed), so it runs the same from tsx, vitest, a bundle or plain node — no worker
// file to locate on disk.
import { MessageChannel, Worker } from "node:worker_threads";
import { decodeCountAt, mergeZeroRuns } from "../mask/counts-decoder";
import { decodeMeasureMasks, type MaskColumns } from "../mask/decode-measure";

/**
 * Masks of chunk c are c*chunkSize .. (c+1)*chunkSize - 1, decoded into `out` from countsAt[c] on.
 * The worker was sent the strings from chunk firstShared on; it and the main thread claim those
 * chunks with Atomics.add on control[CLAIM]. For each chunk it claimed the worker stores the
 * decoder's answer in result[c] (first invalid mask + 1, or 0 if valid; FAILED if it threw), then
 * adds 1 to control[DONE] and notifies.
 */
export interface DecodeJob {
  strings: string[];
  firstShared: number;
  chunkCount: number;
  chunkSize: number;
  count: number;
  heights: Int32Array;
  widths: Int32Array;
  countsAt: Float64Array;
  keep: Uint8Array | null;
  out: MaskColumns;
  control: Int32Array;
  result: Int32Array;
}

export const CLAIM = 0;
export const DONE = 1;
export const FAILED = -1;
/** result[c] of a chunk handed to the worker and not reported yet. */
export const PENDING = -2;

function workerSource(): string {
  return `"use strict";
// esbuild's keepNames helper, in case the transpiler that loaded lib/eval emitted it.
var __name = (f) => f;
const { workerData } = require("node:worker_threads");
const decodeMeasureMasks = (${decodeMeasureMasks.toString()});
const decodeCountAt = (${decodeCountAt.toString()});
const mergeZeroRuns = (${mergeZeroRuns.toString()});
workerData.port.on("message", (job) => {
  const { strings, firstShared, chunkCount, chunkSize, count, heights, widths, countsAt, keep, out, control, result } = job;
  const offset = firstShared * chunkSize;
  for (let c = firstShared + Atomics.add(control, ${CLAIM}, 1); c < chunkCount; c = firstShared + Atomics.add(control, ${CLAIM}, 1)) {
    try {
      result[c] = decodeMeasureMasks(strings, offset, c * chunkSize, Math.min(count, (c + 1) * chunkSize), heights, widths, out, countsAt[c], keep, decodeCountAt, mergeZeroRuns) + 1;
    } catch {
      result[c] = ${FAILED};
    }
    Atomics.add(control, ${DONE}, 1);
    Atomics.notify(control, ${DONE});
  }
});
`;
}

export interface MaskWorker {
  /** Resolves once the thread runs (true), or false if it failed to start. */
  readonly online: Promise<boolean>;
  post(job: DecodeJob): void;
  /** Stops the thread (it stopped answering); the next maskWorker() starts a new one. */
  discard(): void;
}

let current: MaskWorker | null = null;

/** The helper thread, started if needed; null where threads cannot be started. */
export function maskWorker(): MaskWorker | null {
  if (current) return current;
  try {
    const { port1, port2 } = new MessageChannel();
    // execArgv []: the worker runs plain JavaScript and needs none of the parent's loaders (tsx).
    const worker = new Worker(workerSource(), {
      eval: true,
      execArgv: [],
      workerData: { port: port2 },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    const forget = () => {
      if (current === handle) current = null;
    };
    const online = new Promise<boolean>((resolve) => {
      worker.once("online", () => resolve(true));
      worker.once("error", () => resolve(false));
      worker.once("exit", () => resolve(false));
    });
    const handle: MaskWorker = {
      online,
      post: (job) => port1.postMessage(job),
      discard: () => {
        forget();
        void worker.terminate();
      },
    };
    worker.on("error", forget);
    worker.on("exit", forget);
    current = handle;
    return handle;
  } catch {
    return null;
  }
}
