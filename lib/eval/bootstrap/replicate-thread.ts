// The bootstrap's helper thread: started on first use, kept for later runs, never keeping the process
// alive (unref). Like lib/eval/parallel/mask-worker.ts its code is built from the source text of self-contained classes
// and functions (the replicate evaluator and numpy's mean), so it runs the same from tsx, vitest, a
// bundle or plain node.
import { MessageChannel, Worker } from "node:worker_threads";
import { claimReplicates, type ReplicateJob } from "./claim-replicates";
import { ReplicateAccumulator } from "./replicate-accumulate";
import type { ReplicateCache } from "./replicate-cache";
import { ReplicateEvaluator } from "./replicate-evaluator";
import { ReplicateSummary } from "./replicate-summary";
import { numpyMean, numpySum, pairwiseSum } from "../numpy-mean";
import type { SummarySlot } from "../summarize";

export interface ReplicateWorkerJob extends ReplicateJob {
  cache: ReplicateCache;
  slots: readonly SummarySlot[];
  perClassWanted: boolean;
}

/** The name a function declaration's source text declares (a bundler may have renamed it). */
function declaredName(f: (...args: never[]) => unknown): string {
  const match = /^function\s*([\w$]+)/.exec(f.toString());
  if (!match) throw new Error(`${f.name} is not a function declaration`);
  return match[1];
}

function workerSource(): string {
  return `"use strict";
// esbuild's keepNames helper, in case the transpiler that loaded lib/eval emitted it.
var __name = (f) => f;
const { workerData } = require("node:worker_threads");
${pairwiseSum.toString()}
${numpySum.toString()}
${numpyMean.toString()}
const Accumulator = (${ReplicateAccumulator.toString()});
const Summary = (${ReplicateSummary.toString()});
const Evaluator = (${ReplicateEvaluator.toString()});
const claim = (${claimReplicates.toString()});
workerData.port.on("message", (job) => {
  let evaluator;
  try {
    const kernel = { Accumulator, Summary, mean: ${declaredName(numpyMean)}, slots: job.slots };
    evaluator = new Evaluator(job.cache, kernel, { perClass: job.perClassWanted });
  } catch {
    // Claim nothing: the main thread evaluates every replicate.
    return;
  }
  claim(evaluator, job, true);
});
`;
}

export interface ReplicateWorker {
  post(job: ReplicateWorkerJob): void;
  /** Stops the thread (it stopped answering); the next replicateWorker() starts a new one. */
  discard(): void;
}

let current: ReplicateWorker | null = null;

/** The helper thread, started if needed; null where threads cannot be started. */
export function replicateWorker(): ReplicateWorker | null {
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
    const handle: ReplicateWorker = {
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
