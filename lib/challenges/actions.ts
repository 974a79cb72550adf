import "server-only";
import { prisma } from "@/lib/db";
import { cancelSubmission } from "@/lib/submissions/cancel";
import { rerunPhase, rerunSubmission } from "@/lib/submissions/rerun";
import { recordAudit } from "@/lib/audit";
import { ChallengeError } from "./errors";

// Organizer actions on a running challenge. Callers authorize (canManageChallenge) first and pass
// the challenge id; every action checks that its target belongs to that challenge.

async function submissionOf(challengeId: string, submissionId: string) {
  const submission = await prisma.submission.findFirst({
    where: { id: submissionId, phase: { challengeId } },
    select: { id: true, isBaseline: true },
  });
  if (!submission) throw new ChallengeError(404, "not_found", `Submission ${submissionId} is not part of this challenge.`);
  return submission;
}

async function participantOf(challengeId: string, teamId: string) {
  const participant = await prisma.challengeParticipant.findUnique({ where: { challengeId_teamId: { challengeId, teamId } } });
  if (!participant) throw new ChallengeError(404, "not_found", `Team ${teamId} is not registered for this challenge.`);
  return participant;
}

export async function cancelChallengeSubmission(actorId: string | null, challengeId: string, submissionId: string) {
  await submissionOf(challengeId, submissionId);
  await cancelSubmission(submissionId, { actorId });
}

export async function rerunChallengeSubmission(actorId: string | null, challengeId: string, submissionId: string) {
  await submissionOf(challengeId, submissionId);
  await rerunSubmission(submissionId, { actorId });
}

/** Re-evaluates every finished or failed submission of the phase with its current config version. */
export async function reevaluatePhase(actorId: string | null, phaseId: string): Promise<number> {
  return rerunPhase(phaseId, { actorId });
}

/** Baselines are shown on the leaderboard, marked and unranked. */
export async function markBaseline(actorId: string | null, challengeId: string, submissionId: string, isBaseline: boolean) {
  await submissionOf(challengeId, submissionId);
  await prisma.$transaction(async (tx) => {
    await tx.submission.update({ where: { id: submissionId }, data: { isBaseline } });
    await recordAudit(tx, {
      actorId,
      challengeId,
      action: isBaseline ? "submission.baseline" : "submission.unbaseline",
      targetType: "Submission",
      targetId: submissionId,
    });
  });
}

/** A disqualified team disappears from the leaderboards and cannot submit; the reason is kept. */
export async function disqualifyTeam(actorId: string | null, challengeId: string, teamId: string, reason: string) {
  const trimmed = reason.trim();
  if (trimmed.length < 3)
    throw new ChallengeError(400, "reason_required", "Give the reason for the disqualification (it is kept in the audit log).", [
      { path: "reason", message: "required" },
    ]);
  const participant = await participantOf(challengeId, teamId);
  await prisma.$transaction(async (tx) => {
    await tx.challengeParticipant.update({
      where: { id: participant.id },
      data: { disqualifiedAt: new Date(), disqualifyReason: trimmed },
    });
    await recordAudit(tx, {
      actorId,
      challengeId,
      action: "team.disqualify",
      targetType: "Team",
      targetId: teamId,
      data: { reason: trimmed },
    });
  });
}

export async function requalifyTeam(actorId: string | null, challengeId: string, teamId: string) {
  const participant = await participantOf(challengeId, teamId);
  await prisma.$transaction(async (tx) => {
    await tx.challengeParticipant.update({ where: { id: participant.id }, data: { disqualifiedAt: null, disqualifyReason: null } });
    await recordAudit(tx, {
      actorId,
      challengeId,
      action: "team.requalify",
      targetType: "Team",
      targetId: teamId,
      data: { previousReason: participant.disqualifyReason },
    });
  });
}

/** Submissions made before now stop counting against the team's quotas. */
export async function resetTeamQuota(actorId: string | null, challengeId: string, teamId: string) {
  const participant = await participantOf(challengeId, teamId);
  await prisma.$transaction(async (tx) => {
    await tx.challengeParticipant.update({ where: { id: participant.id }, data: { quotaResetAt: new Date() } });
    await recordAudit(tx, { actorId, challengeId, action: "team.quotaReset", targetType: "Team", targetId: teamId });
  });
}

/** Makes the phase's private-split scores visible to participants and the public. */
export async function releasePrivateSplit(actorId: string | null, challengeId: string, phaseId: string) {
  const phase = await prisma.phase.findFirst({ where: { id: phaseId, challengeId } });
  if (!phase) throw new ChallengeError(404, "not_found", "Phase not found in this challenge.");
  if (phase.privateReleased) return { alreadyReleased: true, releasedAt: phase.privateReleasedAt };
  const releasedAt = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.phase.update({ where: { id: phaseId }, data: { privateReleased: true, privateReleasedAt: releasedAt } });
    await recordAudit(tx, { actorId, challengeId, action: "phase.releasePrivate", targetType: "Phase", targetId: phaseId });
  });
  return { alreadyReleased: false, releasedAt };
}
