import "server-only";
import { prisma } from "@/lib/db";
import { env } from "@/lib/config";
import { getRedis } from "@/lib/queue";
import { enqueueEvaluation, evaluationJobState, isLiveJobState } from "@/lib/submissions/enqueue";
import { failSubmission } from "@/lib/submissions/fail-submission";

export type WatchdogOptions = {
  /** Only this phase's submissions (default: all). */
  phaseId?: string;
  /**
   * Never-started rows younger than this are left alone: the web server may still be validating and
   * enqueueing them. A row a worker has started (attempts > 0) has no grace: its job is simply gone.
   */
  graceMs?: number;
  /** A submission started this many times (worker claims; the watchdog adds none) is failed instead of re-enqueued. */
  maxAttempts?: number;
  now?: Date;
};

export type WatchdogReport = { requeued: string[]; failed: string[] };

export const WATCHDOG_DEFAULTS = { graceMs: env.WATCHDOG_GRACE_MS, maxAttempts: 5 };

/**
 * Reconciles the database with the queue: a QUEUED or RUNNING submission without a live BullMQ job
 * (Redis flushed or restored from an old snapshot, enqueue failed, job failed by stall limits) is
 * queued again, or failed with a reason once it has used up its attempts. Safe to run from several
 * workers at once: job ids are submission ids and every status change is conditional.
 */
export async function reconcileSubmissions(opts: WatchdogOptions = {}): Promise<WatchdogReport> {
  const { graceMs, maxAttempts } = { ...WATCHDOG_DEFAULTS, ...opts };
  const now = opts.now ?? new Date();
  const candidates = await prisma.submission.findMany({
    where: {
      status: { in: ["QUEUED", "RUNNING"] },
      OR: [{ attempts: { gt: 0 } }, { createdAt: { lt: new Date(now.getTime() - graceMs) } }],
      ...(opts.phaseId ? { phaseId: opts.phaseId } : {}),
    },
    select: { id: true, attempts: true },
    orderBy: { createdAt: "asc" },
  });
  const report: WatchdogReport = { requeued: [], failed: [] };
  for (const { id, attempts } of candidates) {
    const state = await evaluationJobState(id);
    if (state && isLiveJobState(state)) continue;
    if (attempts >= maxAttempts) {
      const failed = await failSubmission(id, {
        code: "evaluation_lost",
        message: `The evaluation was started ${attempts} times and interrupted each time (queue state lost or worker crashes), so it was given up; ask the organizers to re-run it.`,
        countsTowardQuota: false,
      });
      if (failed) report.failed.push(id);
      continue;
    }
    const { count } = await prisma.submission.updateMany({
      where: { id, status: { in: ["QUEUED", "RUNNING"] } },
      // attempts counts starts: the worker's claim adds one, so the limit above means real runs.
      data: { status: "QUEUED", progress: 0, progressStage: null },
    });
    if (count === 0) continue; // finished or cancelled meanwhile
    await enqueueEvaluation(id);
    report.requeued.push(id);
  }
  return report;
}

/**
 * Runs reconcileSubmissions every env.WATCHDOG_INTERVAL_MS (0: never) in this worker process. A short
 * Redis lock makes one worker per interval do the work when several share the queue. Returns a
 * function that stops it.
 */
export function startWatchdog(opts: WatchdogOptions & { intervalMs?: number } = {}): () => void {
  const intervalMs = opts.intervalMs ?? env.WATCHDOG_INTERVAL_MS;
  if (intervalMs === 0) return () => undefined;
  const lockKey = `${env.BULLMQ_PREFIX}:watchdog:lock`;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const redis = getRedis();
      const acquired = await redis.set(lockKey, String(process.pid), "PX", Math.max(1000, intervalMs - 500), "NX");
      if (!acquired) return;
      const report = await reconcileSubmissions(opts);
      if (report.requeued.length || report.failed.length) {
        console.log(`watchdog: re-queued ${report.requeued.length} submission(s), failed ${report.failed.length}`, report);
      }
    } catch (e) {
      console.error("watchdog: reconciliation failed, will retry:", e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
