import "server-only";
import { prisma } from "@/lib/db";
import { notFound, unauthenticated } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { isSignedIn, type Viewer } from "@/lib/auth/viewer";
import { hashInviteCode } from "./invite-code";
import { lockTeam } from "./lock";
import { findParticipationConflicts, isUniqueViolation, participationConflictError } from "./participation-conflict";

export type InvitePreview =
  | { state: "valid"; team: { id: string; slug: string; name: string }; expiresAt: Date }
  | { state: "expired" | "revoked"; team: { id: string; slug: string; name: string } }
  | { state: "unknown" };

/** What a join link leads to, for the join page (the code itself is the credential: no sign-in needed to look). */
export async function previewInvite(code: string): Promise<InvitePreview> {
  const invite = await prisma.teamInvite.findUnique({
    where: { codeHash: hashInviteCode(code) },
    select: { expiresAt: true, revokedAt: true, team: { select: { id: true, slug: true, name: true } } },
  });
  if (!invite) return { state: "unknown" };
  if (invite.revokedAt) return { state: "revoked", team: invite.team };
  if (invite.expiresAt <= new Date()) return { state: "expired", team: invite.team };
  return { state: "valid", team: invite.team, expiresAt: invite.expiresAt };
}

/**
 * Adds the viewer to the invite's team. If the team is registered for challenges, the viewer joins those
 * too, which is refused when the viewer already takes part in one of them with another team.
 */
export async function joinTeamWithCode(viewer: Viewer, code: string): Promise<{ teamId: string; slug: string; name: string }> {
  if (!isSignedIn(viewer)) throw unauthenticated("Sign in to join a team.");
  const preview = await previewInvite(code);
  if (preview.state === "unknown") throw notFound("This invite link is not valid. Ask the team owner for a new one.");
  if (preview.state === "revoked") {
    throw new InputError(410, "invite_revoked", `This invite to "${preview.team.name}" was revoked. Ask the team owner for a new one.`);
  }
  if (preview.state === "expired") {
    throw new InputError(410, "invite_expired", `This invite to "${preview.team.name}" has expired. Ask the team owner for a new one.`);
  }
  const team = preview.team;
  try {
    await prisma.$transaction(async (tx) => {
      await lockTeam(tx, team.id);
      const existing = await tx.teamMembership.findUnique({
        where: { teamId_userId: { teamId: team.id, userId: viewer.userId } },
        select: { role: true },
      });
      if (existing) throw new InputError(409, "already_member", `You are already a member of "${team.name}".`);
      const registrations = await tx.challengeParticipant.findMany({
        where: { teamId: team.id },
        select: { id: true, challengeId: true },
      });
      const conflicts = await findParticipationConflicts(
        tx,
        registrations.map((r) => ({ challengeId: r.challengeId, userId: viewer.userId })),
        team.id,
      );
      if (conflicts.length > 0) throw participationConflictError(conflicts, `You cannot join "${team.name}"`);
      await tx.teamMembership.create({ data: { teamId: team.id, userId: viewer.userId, role: "MEMBER" } });
      // Coming back to the team one left (participation held): the held rows become active again.
      await tx.challengeParticipantMember.deleteMany({ where: { teamId: team.id, userId: viewer.userId, leftAt: { not: null } } });
      await tx.challengeParticipantMember.createMany({
        data: registrations.map((r) => ({ challengeId: r.challengeId, userId: viewer.userId, participantId: r.id, teamId: team.id })),
      });
    });
  } catch (err) {
    // Lost a race with a registration of another team in the same challenge: the database said no.
    if (isUniqueViolation(err)) {
      throw new InputError(
        409,
        "already_participating",
        `You cannot join "${team.name}": you already take part in one of its challenges with another team.`,
      );
    }
    throw err;
  }
  return { teamId: team.id, slug: team.slug, name: team.name };
}
