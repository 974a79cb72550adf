// Runs inside a worker thread: scoring is CPU-bound for seconds to minutes, and on the main thread it
// would starve BullMQ's lock renewals (the job would be declared stalled and run twice).
import { parentPort } from "node:worker_threads";
import { startEvaluatorThreads } from "@/lib/eval";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { matchSubmissionShard, mergeSubmissionShards, partitionSubmission } from "@/lib/scoring/score-sharded";
import { errorReport, isDatabaseUnavailable } from "@/lib/errors";
import { EvaluationAbandoned } from "@/lib/scoring/errors";
import type { Progress } from "@/lib/scoring/progress";
import type { ThreadReply, ThreadRequest } from "./evaluation-thread-protocol";
import { holdThreadForTest } from "./test-hold";

function run({ submissionId, task }: ThreadRequest, onProgress: (p: Progress) => void): Promise<unknown> {
  switch (task.kind) {
    case "score":
      return scoreSubmission(submissionId, { onProgress });
    case "partition":
      return partitionSubmission(submissionId, task.shards, { onProgress });
    case "match-shard":
      return matchSubmissionShard(submissionId, task.plan, task.shard, { onProgress });
    case "merge":
      return mergeSubmissionShards(submissionId, task.plan, { onProgress });
  }
}

const port = parentPort!;
// The mask decoder's helper thread boots now (30-100 ms), not in the middle of the first evaluation.
startEvaluatorThreads();

async function answer(request: ThreadRequest): Promise<void> {
  const reply = (message: ThreadReply) => port.postMessage(message);
  try {
    if (request.task.kind === "score") holdThreadForTest(`${request.submissionId}.thread`);
    const value = await run(request, (p) => reply({ type: "progress", ...p }));
    reply({ type: "done", value });
  } catch (e) {
    const report = errorReport(e);
    if (e instanceof EvaluationAbandoned) reply({ type: "failed", kind: "abandoned", code: report.code, message: report.message });
    else if (isDatabaseUnavailable(e))
      reply({ type: "failed", kind: "unavailable", code: "database_unavailable", message: (e as Error)?.message ?? String(e) });
    else if (report.fault === "user") reply({ type: "failed", kind: "user", code: report.code, message: report.message });
    else reply({ type: "failed", kind: "infrastructure", code: "evaluation_error", message: (e as Error)?.stack ?? String(e) });
  }
}

// answer() replies on every path, errors included: nothing is left for the returned promise to report.
port.on("message", (request: ThreadRequest) => void answer(request));
