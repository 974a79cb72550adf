import "server-only";
import { prisma } from "@/lib/db";

/**
 * The public counts of challenges, one definition for every page that shows them (home cards,
 * challenge page): submissions are team submissions that were not cancelled (organizer test entries
 * and baselines are not counted); teams are registered teams that are not disqualified.
 */
export interface ChallengeCounts {
  teams: number;
  submissions: number;
  submissionsByPhase: Map<string, number>;
}

export async function loadChallengeCounts(challengeIds: string[]): Promise<Map<string, ChallengeCounts>> {
  const out = new Map<string, ChallengeCounts>(challengeIds.map((id) => [id, { teams: 0, submissions: 0, submissionsByPhase: new Map() }]));
  if (challengeIds.length === 0) return out;
  const [phases, teams] = await Promise.all([
    prisma.$queryRaw<{ challengeId: string; phaseId: string; submissions: number }[]>`
      SELECT p."challengeId", p.id AS "phaseId",
        (SELECT count(*)::int FROM "Submission" s
          WHERE s."phaseId" = p.id AND s."teamId" IS NOT NULL AND s.status <> 'CANCELLED'::"SubmissionStatus") AS submissions
      FROM "Phase" p WHERE p."challengeId" = ANY(${challengeIds}::text[])`,
    prisma.challengeParticipant.groupBy({
      by: ["challengeId"],
      where: { challengeId: { in: challengeIds }, disqualifiedAt: null },
      _count: { _all: true },
    }),
  ]);
  for (const p of phases) {
    const c = out.get(p.challengeId)!;
    c.submissionsByPhase.set(p.phaseId, Number(p.submissions));
    c.submissions += Number(p.submissions);
  }
  for (const t of teams) out.get(t.challengeId)!.teams = t._count._all;
  return out;
}
