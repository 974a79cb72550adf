// Runs inside a worker thread: a bootstrap matches the results again and evaluates B replicates,
// seconds to minutes of CPU that would starve BullMQ's lock renewals on the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";
import { serveFollowUp } from "./follow-up-thread";

serveFollowUp(parentPort!, (workerData as { submissionId: string }).submissionId, computeScoreStatistics);
