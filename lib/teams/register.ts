import "server-only";
import { prisma } from "@/lib/db";
import { denial, notFound } from "@/lib/auth/errors";
import { loadChallengeFactsBySlug, loadTeamFacts } from "@/lib/auth/facts";
import { InputError } from "@/lib/auth/input-error";
import { canRegisterTeam, canViewChallenge, canViewTeamPrivateData } from "@/lib/auth/policy";
import { isSignedIn, type Viewer } from "@/lib/auth/viewer";
import { lockTeam } from "./lock";
import { findParticipationConflicts, isUniqueViolation, participationConflictError } from "./participation-conflict";

export type Registration = { participantId: string; challengeId: string; teamId: string; created: boolean };

/**
 * Registers the viewer's team for a challenge, writing one (challenge, user) row per member: the database's
 * unique key on them is the rule "one participating team per user per challenge". Registering the same team
 * again is answered with the existing registration (created: false).
 */
export async function registerTeamForChallenge(viewer: Viewer, challengeSlug: string, teamSlug: string): Promise<Registration> {
  const challenge = await loadChallengeFactsBySlug(viewer, challengeSlug);
  if (!challenge || !canViewChallenge(viewer, challenge)) throw notFound(`Challenge "${challengeSlug}" not found.`);
  if (!isSignedIn(viewer)) throw denial(viewer, { canSee: true, what: "Challenge", action: "register a team" });
  const teamRow = await prisma.team.findUnique({ where: { slug: teamSlug }, select: { id: true, name: true } });
  const team = teamRow ? await loadTeamFacts(viewer, teamRow.id) : null;
  if (!teamRow || !team || !canViewTeamPrivateData(viewer, team)) {
    throw notFound(`Team "${teamSlug}" not found among your teams.`);
  }
  if (challenge.participantTeamId === teamRow.id) {
    return { participantId: challenge.participantId!, challengeId: challenge.challengeId, teamId: teamRow.id, created: false };
  }
  if (challenge.participantId !== null) {
    throw new InputError(
      409,
      "already_participating",
      `You already take part in "${challengeSlug}" with another team; a user can be in only one participating team per challenge.`,
    );
  }
  if (challenge.status !== "PUBLISHED") {
    throw new InputError(
      409,
      "registration_closed",
      `Challenge "${challengeSlug}" is ${challenge.status.toLowerCase()}: registration is closed.`,
    );
  }
  if (!canRegisterTeam(viewer, challenge, team)) {
    throw denial(viewer, { canSee: true, what: "Team", action: `register "${teamRow.name}" (only its owner can)` });
  }
  try {
    return await prisma.$transaction(async (tx) => {
      await lockTeam(tx, teamRow.id);
      const existing = await tx.challengeParticipant.findUnique({
        where: { challengeId_teamId: { challengeId: challenge.challengeId, teamId: teamRow.id } },
        select: { id: true },
      });
      if (existing) return { participantId: existing.id, challengeId: challenge.challengeId, teamId: teamRow.id, created: false };
      const members = await tx.teamMembership.findMany({ where: { teamId: teamRow.id }, select: { userId: true } });
      const conflicts = await findParticipationConflicts(
        tx,
        members.map((m) => ({ challengeId: challenge.challengeId, userId: m.userId })),
        teamRow.id,
      );
      if (conflicts.length > 0) throw participationConflictError(conflicts, `Team "${teamRow.name}" cannot register`);
      const participant = await tx.challengeParticipant.create({
        data: { challengeId: challenge.challengeId, teamId: teamRow.id },
        select: { id: true },
      });
      await tx.challengeParticipantMember.createMany({
        data: members.map((m) => ({
          challengeId: challenge.challengeId,
          userId: m.userId,
          participantId: participant.id,
          teamId: teamRow.id,
        })),
      });
      return { participantId: participant.id, challengeId: challenge.challengeId, teamId: teamRow.id, created: true };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new InputError(
        409,
        "already_participating",
        `Team "${teamRow.name}" cannot register: a member already takes part in "${challengeSlug}" with another team.`,
      );
    }
    throw err;
  }
}
