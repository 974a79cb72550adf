import "server-only";
import { prisma } from "@/lib/db";
import { assertWithinQuota, type QuotaLimits } from "./quota";
import { loadQuotaUsage } from "./quota-usage";
import { assertRefusedUploadsWithinLimit } from "./refused-limit";

export type SubmissionRowInput = {
  phaseId: string;
  teamId: string | null;
  userId: string | null;
  isBaseline: boolean;
  /** Submitted after the phase's end (late submissions are scored, never ranked). */
  isLate?: boolean;
  originalFilename: string;
  storageKey: string;
  sha256: string;
  byteSize: number;
  description: string;
};

/** Quota-bound submissions name the ChallengeParticipant row that serializes its team's uploads. */
export type QuotaScope = { participantId: string; limits: QuotaLimits };

/**
 * Inserts the QUEUED submission row, checking the team's quotas in the same transaction while holding a
 * row lock on its ChallengeParticipant: concurrent uploads of one team are serialized here, so N
 * simultaneous uploads against a quota of k accept exactly k. Organizer baselines (no scope) are exempt.
 */
export async function insertSubmissionWithinQuota(row: SubmissionRowInput, scope: QuotaScope | null, now: Date): Promise<{ id: string }> {
  // Not under the lock: the limit spans all of the team's challenges, and a refusal or two more is harmless.
  if (scope && row.teamId) await assertRefusedUploadsWithinLimit(row.teamId, now);
  return prisma.$transaction(async (tx) => {
    if (scope && row.teamId) {
      const locked = await tx.$queryRaw<{ quotaResetAt: Date | null }[]>`
        SELECT "quotaResetAt" FROM "ChallengeParticipant" WHERE id = ${scope.participantId} FOR UPDATE`;
      const usage = await loadQuotaUsage(row.phaseId, row.teamId, locked[0]?.quotaResetAt ?? null, now, tx);
      assertWithinQuota(scope.limits, usage, now);
    }
    return tx.submission.create({
      data: { ...row, byteSize: BigInt(row.byteSize), status: "QUEUED" },
      select: { id: true },
    });
  });
}

/** The same check without a lock, to refuse early before a large upload is received. */
export async function precheckQuota(phaseId: string, teamId: string, participantId: string, limits: QuotaLimits, now: Date): Promise<void> {
  const participant = await prisma.challengeParticipant.findUniqueOrThrow({ where: { id: participantId }, select: { quotaResetAt: true } });
  const usage = await loadQuotaUsage(phaseId, teamId, participant.quotaResetAt, now);
  assertWithinQuota(limits, usage, now);
  await assertRefusedUploadsWithinLimit(teamId, now);
}
