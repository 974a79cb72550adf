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
): Promise<{ email: string; challengeTitle: string; teamName: string }[]> {
  if (pairs.length === 0) return [];
  const rows = await tx.challengeParticipantMember.findMany({
    where: { OR: pairs, NOT: { teamId: exceptTeamId } },
    select: {
      user: { select: { email: true } },
      challenge: { select: { title: true } },
      participant: { select: { team: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({ email: r.user.email, challengeTitle: r.challenge.title, teamName: r.participant.team.name }));
}

export function participationConflictError(
  conflicts: { email: string; challengeTitle: string; teamName: string }[],
  context: string,
): InputError {
  const list = conflicts.map((c) => `${c.email} already takes part in "${c.challengeTitle}" with team "${c.teamName}"`).join("; ");
  return new InputError(409, "already_participating", `${context}: ${list}. A user can be in only one participating team per challenge.`);
}
