// Runs inside a worker thread: TIDE matches every detection again, at eleven IoU thresholds.
import { parentPort, workerData } from "node:worker_threads";
import { computeTideAnalysis } from "@/lib/tide/compute-tide-analysis";
import { serveFollowUp } from "./follow-up-thread";

serveFollowUp(parentPort!, (workerData as { submissionId: string }).submissionId, computeTideAnalysis);
