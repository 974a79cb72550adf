import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { InputError } from "@/lib/auth/input-error";

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** The (challenge, user) rows that would break "one participating team per user per challenge". */
export async function findParticipationConflicts(
  tx: Prisma.TransactionClient,
  pairs: { challengeId: string; userId: string }[],
  exceptTeamId: string,
): Promise<ParticipationConflict[]> {
  if (pairs.length === 0) return [];
  const rows = await tx.challengeParticipantMember.findMany({
    where: { OR: pairs, NOT: { teamId: exceptTeamId } },
    select: {
      leftAt: true,
      user: { select: { email: true } },
      challenge: { select: { title: true } },
      participant: { select: { team: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    email: r.user.email,
    challengeTitle: r.challenge.title,
    teamName: r.participant.team.name,
    held: r.leftAt !== null,
  }));
}

export type ParticipationConflict = { email: string; challengeTitle: string; teamName: string; held: boolean };

/**
 * 409 already_participating, or participation_held when a conflict is a member who left a team that had
 * submitted (or was disqualified): only an organizer of that challenge can release them.
 */
export function participationConflictError(conflicts: ParticipationConflict[], context: string): InputError {
  const list = conflicts
    .map((c) =>
      c.held
        ? `${c.email} left team "${c.teamName}" in "${c.challengeTitle}" after it submitted or was disqualified, and stays bound to it there until an organizer of "${c.challengeTitle}" releases them`
        : `${c.email} already takes part in "${c.challengeTitle}" with team "${c.teamName}"`,
    )
    .join("; ");
  const held = conflicts.some((c) => c.held);
  return new InputError(
    409,
    held ? "participation_held" : "already_participating",
    `${context}: ${list}. A user can be in only one participating team per challenge.`,
  );
}
