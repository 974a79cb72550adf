// Runs inside a worker thread: a bootstrap matches the results again and evaluates B replicates,
// seconds to minutes of CPU that would starve BullMQ's lock renewals on the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";

const port = parentPort!;
const { submissionId } = workerData as { submissionId: string };
computeScoreStatistics(submissionId).then(
  (outcome) => port.postMessage({ type: "done", outcome }),
  (e: unknown) => port.postMessage({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
