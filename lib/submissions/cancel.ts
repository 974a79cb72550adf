import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { SubmissionError } from "./errors";
import { removeEvaluationJob } from "./enqueue";

/**
 * Cancels a QUEUED or RUNNING submission (organizers; callers authorize with canCancelSubmission).
 * A running evaluation notices at its next progress update and stops without writing scores.
 * Cancelled submissions do not count toward the team's quota.
 */
export async function cancelSubmission(submissionId: string, opts: { actorId: string | null }): Promise<void> {
  const submission = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: { status: true, phase: { select: { challengeId: true } } },
  });
  if (!submission) throw new SubmissionError(404, "not_found", `Submission ${submissionId} not found.`);
  const { count } = await prisma.submission.updateMany({
    where: { id: submissionId, status: { in: ["QUEUED", "RUNNING"] } },
    data: {
      status: "CANCELLED",
      countsTowardQuota: false,
      finishedAt: new Date(),
      errorCode: "cancelled",
      errorMessage: "Cancelled by the organizers.",
    },
  });
  if (count === 0) {
    throw new SubmissionError(
      409,
      "not_cancellable",
      `Submission ${submissionId} is ${submission.status}; only queued or running submissions can be cancelled.`,
    );
  }
  await recordAudit(prisma, {
    actorId: opts.actorId,
    challengeId: submission.phase.challengeId,
    action: "submission.cancel",
    targetType: "Submission",
    targetId: submissionId,
  });
  await removeEvaluationJob(submissionId);
}
