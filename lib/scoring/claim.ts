import "server-only";
import { prisma } from "@/lib/db";
import type { Progress } from "@/lib/scoring/progress";

/**
 * Marks a submission RUNNING for one more attempt. A RUNNING row is claimable too: its previous
 * worker died (stalled job) or failed with an infrastructure error. False when it was cancelled or
 * already finished: the job then has nothing to do.
 *
 * `resume`: the same attempt goes on (a sharded evaluation's parent back to merge once its shard
 * jobs are done): the row is claimed again but `attempts` (what the watchdog limits) is not counted
 * again, nor is startedAt moved.
 */
export async function claimSubmission(id: string, opts: { resume?: boolean } = {}): Promise<boolean> {
  const { count } = await prisma.submission.updateMany({
    where: { id, status: { in: ["QUEUED", "RUNNING"] } },
    data: {
      status: "RUNNING",
      ...(opts.resume ? {} : { startedAt: new Date(), attempts: { increment: 1 } }),
      progress: 0,
      progressStage: "parsing",
      errorCode: null,
      errorMessage: null,
    },
  });
  return count === 1;
}

/** Writes progress; false when the submission is no longer RUNNING (cancelled), so the caller stops. */
export async function recordProgress(id: string, p: Progress): Promise<boolean> {
  const { count } = await prisma.submission.updateMany({
    where: { id, status: "RUNNING" },
    data: { progress: p.progress, progressStage: p.stage },
  });
  return count === 1;
}

/**
 * An attempt failed for a reason that a retry may fix: show QUEUED again while the job waits for it.
 * `uncount`: the run was cut short by an outage of ours (database away), so it is not an attempt.
 */
export async function releaseForRetry(id: string, reason: string, opts: { uncount?: boolean } = {}): Promise<void> {
  await prisma.submission.updateMany({
    where: { id, status: "RUNNING" },
    data: {
      status: "QUEUED",
      progress: 0,
      progressStage: null,
      errorMessage: `Retrying after: ${reason}`,
      ...(opts.uncount ? { attempts: { decrement: 1 } } : {}),
    },
  });
}

/** Whether the submission is still RUNNING (a shard job checks this instead of writing progress). */
export async function isStillRunning(id: string): Promise<boolean> {
  return (await prisma.submission.count({ where: { id, status: "RUNNING" } })) === 1;
}
