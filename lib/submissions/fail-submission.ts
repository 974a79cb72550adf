import "server-only";
import { prisma } from "@/lib/db";

export type FailureReason = {
  code: string;
  message: string;
  /** User errors (a bad file) free the quota slot; so do our own infrastructure failures. */
  countsTowardQuota?: boolean;
  /** The team's file was refused (a user error): counts toward REFUSED_UPLOADS_PER_DAY (lib/submissions/refused-limit.ts). */
  refused?: boolean;
};

/**
 * Marks a submission FAILED unless it already reached another final state (FINISHED, CANCELLED):
 * the conditional update makes a late failure harmless. Returns whether this call failed it.
 */
export async function failSubmission(id: string, reason: FailureReason): Promise<boolean> {
  const { count } = await prisma.submission.updateMany({
    where: { id, status: { in: ["QUEUED", "RUNNING"] } },
    data: {
      status: "FAILED",
      errorCode: reason.code,
      errorMessage: reason.message,
      countsTowardQuota: reason.countsTowardQuota ?? false,
      refused: reason.refused ?? false,
      finishedAt: new Date(),
    },
  });
  return count === 1;
}
