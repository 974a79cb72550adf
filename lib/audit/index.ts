import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { prisma } from "@/lib/db";

type Db = Prisma.TransactionClient | typeof prisma;

export type AuditEntry = {
  actorId: string | null;
  challengeId: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Prisma.InputJsonValue;
};

/** Every organizer action leaves a row; pass the transaction client so it commits with the change. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      challengeId: entry.challengeId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
    },
  });
}
