// Where evaluateFiles gets its ground truth: a file read here (optionally on a second thread, while
// the results are read) or anything else that yields the images and categories and the prepared GT
// (the worker's cache by sha256).
import "server-only";
import { Worker, parentPort, workerData } from "node:worker_threads";
import { parseGroundTruthFile } from "@/lib/coco";
import type { GroundTruthListing } from "@/lib/coco/results";
import { AppError, errorReport, type ErrorReport } from "@/lib/errors";
import { prepareGroundTruth, type IouType, type PreparedGroundTruth } from "@/lib/eval";
import type { EvaluationMode } from "./mode";

/**
 * The ground truth of an evaluation. `listing` (images and categories) is what checking the results
 * needs and may come long before `prepared` (the GT rasterized for the iouType). close() stops any
 * work still running for it; it must not throw.
 */
export interface GroundTruthSource {
  listing: Promise<GroundTruthListing>;
  prepared: Promise<PreparedGroundTruth>;
  /** Set when the GT was prepared on another thread: how long that took, in ms (for --timings). */
  preparedInMs?: Promise<number>;
  close(): void;
}

/** Reads and prepares a ground-truth file on this thread (small files: a thread costs 0.1-0.3 s to start). */
export function groundTruthFromFile(path: string, iouType: IouType, mode: EvaluationMode): GroundTruthSource {
  const listing = parseGroundTruthFile(path, { iouType, rules: mode }).then((r) => r.gt);
  // The listing is the parsed GT itself: the annotations come along, and are prepared when asked.
  let prepared: Promise<PreparedGroundTruth> | null = null;
  return {
    listing,
    get prepared() {
      prepared ??= listing.then((gt) => prepareGroundTruth(gt, iouType));
      return prepared;
    },
    close() {},
  };
}

type ThreadData = { kind: "maskboard-ground-truth"; path: string; iouType: IouType; mode: EvaluationMode };
type ThreadMessage =
  | { kind: "listing"; listing: GroundTruthListing }
  | { kind: "prepared"; prepared: PreparedGroundTruth; ms: number }
  | { kind: "error"; report: ErrorReport; stack: string };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {}); // awaited later (or never, after an earlier failure)
  return { promise, resolve, reject };
}

/**
 * Reads, validates and rasterizes a ground-truth file on a second thread: it sends the images and
 * categories first, so the results are checked while it rasterizes. `entry` is a module that calls
 * serveGroundTruthThread() when it runs as a worker thread (a bundle's own URL, as the eval CLI does):
 * threads do not inherit a TypeScript loader, so lib cannot name its own .ts file.
 */
export function groundTruthInThread(path: string, iouType: IouType, mode: EvaluationMode, entry: URL): GroundTruthSource {
  const data: ThreadData = { kind: "maskboard-ground-truth", path, iouType, mode };
  const worker = new Worker(entry, { workerData: data });
  const listing = deferred<GroundTruthListing>();
  const prepared = deferred<PreparedGroundTruth>();
  const ms = deferred<number>();
  const fail = (e: Error) => (listing.reject(e), prepared.reject(e), ms.reject(e));
  worker.on("message", (m: ThreadMessage) => {
    if (m.kind === "listing") listing.resolve(m.listing);
    else if (m.kind === "prepared") {
      ms.resolve(m.ms); // first: a caller timing the wait reads it as soon as `prepared` resolves
      prepared.resolve(m.prepared);
    }
    // A refusal keeps its report (code, problems, fault); a bug keeps its stack.
    else fail(m.report.fault === "user" ? new AppError(m.report) : Object.assign(new Error(m.stack), { stack: m.stack }));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`the ground-truth thread stopped (exit code ${code})`)));
  return {
    listing: listing.promise,
    prepared: prepared.promise,
    preparedInMs: ms.promise,
    close: () => void worker.terminate(),
  };
}

/**
 * The buffers under the typed arrays of an object and its sub-objects: the thread is done with its
 * prepared ground truth, so they are moved to the main thread instead of copied.
 */
function typedArrayBuffers(value: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    } else if (depth > 0 && typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      for (const child of Object.values(v)) visit(child, depth - 1);
    }
  };
  visit(value, 2);
  return [...buffers];
}

/** True in a thread started by groundTruthInThread: the entry module should then call serveGroundTruthThread(). */
export function isGroundTruthThread(): boolean {
  return parentPort !== null && (workerData as Partial<ThreadData> | null)?.kind === "maskboard-ground-truth";
}

/** The body of the ground-truth thread. */
export async function serveGroundTruthThread(): Promise<void> {
  const { path, iouType, mode } = workerData as ThreadData;
  const port = parentPort!;
  const send = (m: ThreadMessage) => port.postMessage(m);
  try {
    const { gt } = await parseGroundTruthFile(path, { iouType, rules: mode });
    send({ kind: "listing", listing: { images: gt.images, categories: gt.categories } });
    const started = performance.now();
    const prepared = prepareGroundTruth(gt, iouType);
    const ms = performance.now() - started;
    port.postMessage({ kind: "prepared", prepared, ms } satisfies ThreadMessage, typedArrayBuffers(prepared));
  } catch (e) {
    send({ kind: "error", report: errorReport(e), stack: String((e as Error)?.stack ?? e) });
  }
}
