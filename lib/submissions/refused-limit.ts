import "server-only";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SubmissionError } from "./errors";
import { nextUtcMidnight, startOfUtcDay } from "./quota";

/**
 * Refused uploads (files that failed validation, compression bombs, evaluations over their work
 * budget) do not use a team's quota, so without this limit a team could make the server refuse
 * files forever. Per team and UTC day, over all challenges (REFUSED_UPLOADS_PER_DAY).
 */
export async function assertRefusedUploadsWithinLimit(teamId: string, now: Date, db: Prisma.TransactionClient = prisma): Promise<void> {
  const limit = env.REFUSED_UPLOADS_PER_DAY;
  const refused = await db.submission.count({ where: { teamId, refused: true, createdAt: { gte: startOfUtcDay(now) } } });
  if (refused < limit) return;
  const resetsAt = nextUtcMidnight(now);
  throw new SubmissionError(
    429,
    "refused_uploads_exceeded",
    `Your team has had ${refused} uploads refused today (UTC) (invalid files, or files too costly to read), and ${limit} is the daily limit; check your files with the evaluator CLI (npm run eval) before uploading. The limit resets at ${resetsAt.toISOString()}.`,
    { quota: "refused", limit, used: refused, resetsAt: resetsAt.toISOString() },
    { "Retry-After": String(Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000))) },
  );
}
