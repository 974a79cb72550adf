import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { SubmissionError } from "./errors";
import { deleteSubmissionShards } from "@/lib/sharding/shard-store";
import { removeEvaluationJob } from "./enqueue";
import { authorizeSubmissionAction } from "./authorize";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { canCancelSubmission, canManageChallenge } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";

/**
 * Cancels a QUEUED or RUNNING submission (callers authorize with canCancelSubmission: organizers, or
 * the submitting team while it is queued). A running evaluation notices at its next progress update
 * and stops without writing scores. Cancelled submissions do not count toward the team's quota. The
 * row keeps who cancelled it and why; its message says so ("Cancelled by Olga (organizer): ...").
 */
export async function cancelSubmission(
  submissionId: string,
  opts: { actorId: string | null; reason?: string; onlyIfQueued?: boolean },
): Promise<void> {
  const submission = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: { status: true, teamId: true, phase: { select: { challengeId: true } } },
  });
  if (!submission) throw new SubmissionError(404, "not_found", `Submission ${submissionId} not found.`);
  const reason = opts.reason?.trim().slice(0, 500) || null;
  const actor = opts.actorId
    ? await prisma.user.findUnique({
        where: { id: opts.actorId },
        select: {
          name: true,
          email: true,
          organizing: { where: { challengeId: submission.phase.challengeId }, select: { userId: true } },
          role: true,
        },
      })
    : null;
  const who = actor ? (actor.name ?? actor.email) : "the organizers";
  const role = !actor ? "" : actor.organizing.length > 0 || actor.role === "ADMIN" ? " (organizer)" : " (team member)";
  const allowed = opts.onlyIfQueued ? (["QUEUED"] as const) : (["QUEUED", "RUNNING"] as const);
  const { count } = await prisma.submission.updateMany({
    where: { id: submissionId, status: { in: [...allowed] } },
    data: {
      status: "CANCELLED",
      countsTowardQuota: false,
      finishedAt: new Date(),
      errorCode: "cancelled",
      errorMessage: `Cancelled by ${who}${role}${reason ? `: ${reason}` : "."}`,
      cancelledById: opts.actorId,
      cancelReason: reason,
    },
  });
  if (count === 0) {
    throw new SubmissionError(
      409,
      "not_cancellable",
      opts.onlyIfQueued
        ? `Submission ${submissionId} is ${submission.status}; a team can cancel its submissions only while they are queued.`
        : `Submission ${submissionId} is ${submission.status}; only queued or running submissions can be cancelled.`,
    );
  }
  await recordAudit(prisma, {
    actorId: opts.actorId,
    challengeId: submission.phase.challengeId,
    action: "submission.cancel",
    targetType: "Submission",
    targetId: submissionId,
    data: reason ? { reason } : {},
  });
  await removeEvaluationJob(submissionId);
  // A sharded evaluation's files (DATA_DIR/shards): no merge will come for them. A shard still
  // running may write its matching after this; the worker's shard sweep removes it.
  await deleteSubmissionShards(submissionId).catch((err: Error) =>
    console.error(`could not remove the shard files of cancelled submission ${submissionId}: ${err.message}`),
  );
}

/**
 * A viewer cancels a submission (API and pages): organizers any queued or running one, with an
 * optional reason; the submitting team its own while still queued. Authorized with canCancelSubmission.
 */
export async function cancelSubmissionAs(viewer: Viewer, submissionId: string, reason?: string): Promise<void> {
  await authorizeSubmissionAction(viewer, submissionId, canCancelSubmission, "cancel this submission");
  const submission = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { phase: { select: { challengeId: true } } },
  });
  const facts = await loadChallengeFacts(viewer, submission.phase.challengeId);
  const organizer = facts !== null && canManageChallenge(viewer, facts);
  await cancelSubmission(submissionId, { actorId: viewer.userId, reason: organizer ? reason : undefined, onlyIfQueued: !organizer });
}
