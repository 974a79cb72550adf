import "server-only";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { canLeaveTeam, canManageTeam } from "@/lib/auth/policy";
import { authorizeTeam } from "@/lib/auth/require";
import type { Viewer } from "@/lib/auth/viewer";
import { lockTeam } from "./lock";

/**
 * Removes the user from the team. Their participation in a challenge stays bound to this team (the row is
 * kept with `leftAt`) when the team submitted there while they were a member, or was disqualified there:
 * otherwise leaving and joining (or registering) another team would reset a disqualification or let one
 * person compete twice. An organizer can release it (releaseHeldParticipation, audited).
 */
async function dropMember(tx: Prisma.TransactionClient, teamId: string, userId: string): Promise<void> {
  const membership = await tx.teamMembership.findUniqueOrThrow({
    where: { teamId_userId: { teamId, userId } },
    select: { joinedAt: true },
  });
  const rows = await tx.challengeParticipantMember.findMany({
    where: { teamId, userId, leftAt: null },
    select: { challengeId: true, participant: { select: { disqualifiedAt: true } } },
  });
  const held: string[] = [];
  for (const row of rows) {
    const submitted =
      row.participant.disqualifiedAt === null &&
      (await tx.submission.count({
        where: { teamId, phase: { challengeId: row.challengeId }, OR: [{ userId }, { createdAt: { gte: membership.joinedAt } }] },
      })) > 0;
    if (row.participant.disqualifiedAt !== null || submitted) held.push(row.challengeId);
  }
  await tx.challengeParticipantMember.updateMany({ where: { teamId, userId, challengeId: { in: held } }, data: { leftAt: new Date() } });
  await tx.challengeParticipantMember.deleteMany({ where: { teamId, userId, leftAt: null } });
  await tx.teamMembership.delete({ where: { teamId_userId: { teamId, userId } } });
}

/**
 * Any member may leave, except the owner, who must first hand ownership to another member. A sole owner
 * may leave a team that never took part in a challenge: the empty team is deleted.
 */
export async function leaveTeam(viewer: Viewer, teamId: string): Promise<{ teamDeleted: boolean }> {
  const facts = await authorizeTeam(viewer, teamId, canLeaveTeam, "leave this team");
  return prisma.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    if (facts.viewerRole === "OWNER") {
      const [members, registrations] = await Promise.all([
        tx.teamMembership.count({ where: { teamId } }),
        tx.challengeParticipant.count({ where: { teamId } }),
      ]);
      if (members === 1 && registrations === 0) {
        await tx.team.delete({ where: { id: teamId } });
        return { teamDeleted: true };
      }
      throw new InputError(
        409,
        "owner_cannot_leave",
        members > 1
          ? "You own this team: transfer ownership to another member first (a team always has an owner)."
          : "You are the only member of a team registered for a challenge; it stays (its entries are on leaderboards).",
      );
    }
    await dropMember(tx, teamId, viewer.userId!);
    return { teamDeleted: false };
  });
}

export async function removeMember(viewer: Viewer, teamId: string, userId: string): Promise<void> {
  await authorizeTeam(viewer, teamId, canManageTeam, "remove members from this team");
  if (userId === viewer.userId) {
    throw new InputError(409, "cannot_remove_self", "You cannot remove yourself; transfer ownership first, then leave.");
  }
  await prisma.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const member = await tx.teamMembership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } });
    if (!member) throw notFound("That user is not a member of this team.");
    await dropMember(tx, teamId, userId);
  });
}

export async function transferOwnership(viewer: Viewer, teamId: string, newOwnerId: string): Promise<void> {
  await authorizeTeam(viewer, teamId, canManageTeam, "transfer ownership of this team");
  if (newOwnerId === viewer.userId) return;
  await prisma.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const target = await tx.teamMembership.findUnique({ where: { teamId_userId: { teamId, userId: newOwnerId } }, select: { role: true } });
    if (!target) throw notFound("The new owner must already be a member of this team.");
    await tx.teamMembership.update({ where: { teamId_userId: { teamId, userId: newOwnerId } }, data: { role: "OWNER" } });
    await tx.teamMembership.update({ where: { teamId_userId: { teamId, userId: viewer.userId! } }, data: { role: "MEMBER" } });
  });
}
