import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { notFound } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { canReleaseParticipation } from "@/lib/auth/policy";
import { authorizeChallenge } from "@/lib/auth/require";
import type { Viewer } from "@/lib/auth/viewer";

export type HeldParticipation = { userId: string; email: string; teamId: string; teamName: string; leftAt: Date };

/** Members who left a team of this challenge after it submitted (or was disqualified) and stay bound to it. */
export async function listHeldParticipations(challengeId: string): Promise<HeldParticipation[]> {
  const rows = await prisma.challengeParticipantMember.findMany({
    where: { challengeId, leftAt: { not: null } },
    orderBy: { leftAt: "desc" },
    take: 500,
    select: {
      userId: true,
      teamId: true,
      leftAt: true,
      user: { select: { email: true } },
      participant: { select: { team: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    userId: r.userId,
    email: r.user.email,
    teamId: r.teamId,
    teamName: r.participant.team.name,
    leftAt: r.leftAt!,
  }));
}

/**
 * An organizer frees a user who left a team of the challenge after it submitted or was disqualified: they
 * may then join or register another team in it. Audited ("participation.release") with the team they left.
 */
export async function releaseHeldParticipation(viewer: Viewer, challengeSlug: string, userId: string): Promise<void> {
  const facts = await authorizeChallenge(viewer, challengeSlug, canReleaseParticipation, "release a participation");
  await prisma.$transaction(async (tx) => {
    const row = await tx.challengeParticipantMember.findUnique({
      where: { challengeId_userId: { challengeId: facts.challengeId, userId } },
      select: { teamId: true, leftAt: true },
    });
    if (!row) throw notFound("That user has no held participation in this challenge.");
    if (row.leftAt === null) {
      throw new InputError(
        409,
        "participation_active",
        "That user is still a member of their team in this challenge: only a participation held after leaving can be released.",
      );
    }
    await tx.challengeParticipantMember.delete({ where: { challengeId_userId: { challengeId: facts.challengeId, userId } } });
    await recordAudit(tx, {
      actorId: viewer.userId,
      challengeId: facts.challengeId,
      action: "participation.release",
      targetType: "User",
      targetId: userId,
      data: { teamId: row.teamId, leftAt: row.leftAt.toISOString() },
    });
  });
}
