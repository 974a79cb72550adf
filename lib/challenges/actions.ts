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

/** `reason` is shown to the team with the organizer's name ("Cancelled by Olga (organizer): ..."). */
export async function cancelChallengeSubmission(actorId: string | null, challengeId: string, submissionId: string, reason?: string) {
  await submissionOf(challengeId, submissionId);
  await cancelSubmission(submissionId, { actorId, reason });
}

export async function rerunChallengeSubmission(actorId: string | null, challengeId: string, submissionId: string) {
  await submissionOf(challengeId, submissionId);
  await rerunSubmission(submissionId, { actorId });
}

/** While a phase is open, the safeguarded actions need an explicit override, recorded in the audit log. */
export type PhaseSafeguard = { override?: boolean; now?: Date };

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Refuses `what` on an open phase unless overridden; returns whether the override was needed (for the audit). */
function assertClosedOrOverridden(phase: { name: string; endsAt: Date }, what: string, why: string, opts: PhaseSafeguard): boolean {
  const open = (opts.now ?? new Date()) < phase.endsAt;
  if (open && !opts.override)
    throw new ChallengeError(
      409,
      "phase_open",
      `Phase "${phase.name}" is open until ${utc(phase.endsAt)}: ${what} now ${why}. Do it after the end, or confirm the override (it is recorded in the audit log; API: ?override=true).`,
      [{ path: "override", message: "required while the phase is open" }],
    );
  return open;
}

/**
 * Re-evaluates every finished or failed submission of the phase with its current config version.
 * While the phase is open it needs `override` (teams' scores change under them): audited with it.
 */
export async function reevaluatePhase(actorId: string | null, phaseId: string, opts: PhaseSafeguard = {}): Promise<number> {
  const phase = await prisma.phase.findUnique({ where: { id: phaseId }, select: { name: true, endsAt: true } });
  if (!phase) throw new ChallengeError(404, "not_found", "Phase not found.");
  const overridden = assertClosedOrOverridden(phase, "re-running every submission", "changes scores while teams are still competing", opts);
  return rerunPhase(phaseId, { actorId, auditData: overridden ? { override: true, phaseOpen: true } : {} });
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

/**
 * Makes the phase's private-split scores visible to participants and the public. While the phase is
 * open this needs `override` (teams could then tune on the private split): audited with the override.
 */
export async function releasePrivateSplit(actorId: string | null, challengeId: string, phaseId: string, opts: PhaseSafeguard = {}) {
  const phase = await prisma.phase.findFirst({ where: { id: phaseId, challengeId } });
  if (!phase) throw new ChallengeError(404, "not_found", "Phase not found in this challenge.");
  if (phase.privateReleased) return { alreadyReleased: true, releasedAt: phase.privateReleasedAt };
  const overridden = assertClosedOrOverridden(phase, "releasing the private split", "would let teams tune on it", opts);
  const releasedAt = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.phase.update({ where: { id: phaseId }, data: { privateReleased: true, privateReleasedAt: releasedAt } });
    await recordAudit(tx, {
      actorId,
      challengeId,
      action: "phase.releasePrivate",
      targetType: "Phase",
      targetId: phaseId,
      data: overridden ? { override: true, phaseOpen: true } : {},
    });
  });
  return { alreadyReleased: false, releasedAt };
}
