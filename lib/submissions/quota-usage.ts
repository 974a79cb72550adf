import "server-only";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { startOfUtcDay, type QuotaUsage } from "./quota";

type Db = Prisma.TransactionClient;

/**
 * A team's usage of a phase's quotas: submissions that count (did not fail validation) since the
 * organizers last reset the team's quota, in total and this UTC day, plus those queued or running.
 */
export async function loadQuotaUsage(
  phaseId: string,
  teamId: string,
  countSince: Date | null,
  now: Date,
  db: Db = prisma,
): Promise<QuotaUsage> {
  const counted = { phaseId, teamId, countsTowardQuota: true, ...(countSince ? { createdAt: { gte: countSince } } : {}) };
  const dayStart = startOfUtcDay(now);
  const todaySince = countSince && countSince > dayStart ? countSince : dayStart;
  const [total, today, inFlight] = await Promise.all([
    db.submission.count({ where: counted }),
    db.submission.count({ where: { ...counted, createdAt: { gte: todaySince } } }),
    db.submission.count({ where: { phaseId, teamId, status: { in: ["QUEUED", "RUNNING"] } } }),
  ]);
  return { total, today, inFlight };
}
