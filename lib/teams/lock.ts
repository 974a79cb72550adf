import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Serialises membership changes and registrations of one team: without it, a member joining while the
 * team registers could end up without their (challenge, user) participation row.
 */
export async function lockTeam(tx: Prisma.TransactionClient, teamId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "Team" WHERE "id" = ${teamId} FOR UPDATE`;
}
