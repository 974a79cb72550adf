import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { SubmissionError } from "./errors";
import { enqueueEvaluation } from "./enqueue";

const RERUNNABLE = ["FINISHED", "FAILED", "CANCELLED"] as const;

/** Back to QUEUED with a clean slate; earlier scores stay until the new ones replace them in one transaction. */
const RESET = {
  status: "QUEUED",
  progress: 0,
  progressStage: null,
  errorCode: null,
  errorMessage: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
} as const;

async function requeue(ids: string[]): Promise<void> {
  // Rows are QUEUED already: if Redis is down now, the watchdog enqueues them (and the rest) later.
  for (const [i, id] of ids.entries()) {
    try {
      await enqueueEvaluation(id);
    } catch (e) {
      console.error(`${ids.length - i} submission(s) not queued yet, the watchdog will queue them: ${(e as Error)?.message ?? String(e)}`);
      return;
    }
  }
}

/** Re-runs one finished, failed or cancelled submission (organizers; callers authorize with canRerunSubmission). */
export async function rerunSubmission(submissionId: string, opts: { actorId: string | null }): Promise<void> {
  const submission = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: { status: true, phase: { select: { challengeId: true } } },
  });
  if (!submission) throw new SubmissionError(404, "not_found", `Submission ${submissionId} not found.`);
  const { count } = await prisma.submission.updateMany({ where: { id: submissionId, status: { in: [...RERUNNABLE] } }, data: RESET });
  if (count === 0) {
    throw new SubmissionError(
      409,
      "not_rerunnable",
      `Submission ${submissionId} is ${submission.status}; it is already queued or running.`,
    );
  }
  await recordAudit(prisma, {
    actorId: opts.actorId,
    challengeId: submission.phase.challengeId,
    action: "submission.rerun",
    targetType: "Submission",
    targetId: submissionId,
  });
  await requeue([submissionId]);
}

/**
 * Re-runs every finished or failed submission of a phase (after a new ground truth or protocol version).
 * Cancelled ones stay cancelled; queued and running ones will use the current config anyway.
 * Returns how many were queued.
 */
export async function rerunPhase(phaseId: string, opts: { actorId: string | null; auditData?: Record<string, unknown> }): Promise<number> {
  const phase = await prisma.phase.findUnique({ where: { id: phaseId }, select: { challengeId: true } });
  if (!phase) throw new SubmissionError(404, "not_found", `Phase ${phaseId} not found.`);
  const ids = await prisma.$transaction(async (tx) => {
    const rows = await tx.submission.findMany({
      where: { phaseId, status: { in: ["FINISHED", "FAILED"] } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    const list = rows.map((r) => r.id);
    await tx.submission.updateMany({ where: { id: { in: list }, status: { in: ["FINISHED", "FAILED"] } }, data: RESET });
    return list;
  });
  await recordAudit(prisma, {
    actorId: opts.actorId,
    challengeId: phase.challengeId,
    action: "phase.rerun",
    targetType: "Phase",
    targetId: phaseId,
    data: { submissions: ids.length, ...opts.auditData },
  });
  await requeue(ids);
  return ids.length;
}
