import "server-only";
import { prisma } from "@/lib/db";

export interface ChallengeListItem {
  slug: string;
  title: string;
  summary: string;
  status: "PUBLISHED" | "ARCHIVED";
  startsAt: Date | null;
  endsAt: Date | null;
  teams: number;
  submissions: number;
}

/**
 * Published (and archived) challenges for the home page, newest phases first. Drafts never
 * appear here, whoever asks: organizers reach them through the console.
 */
export async function listPublicChallenges(): Promise<ChallengeListItem[]> {
  const rows = await prisma.$queryRaw<ChallengeListItem[]>`
    SELECT c.slug, c.title, c.summary, c.status::text AS status,
      (SELECT min(p."startsAt") FROM "Phase" p WHERE p."challengeId" = c.id) AS "startsAt",
      (SELECT max(p."endsAt") FROM "Phase" p WHERE p."challengeId" = c.id) AS "endsAt",
      (SELECT count(*)::int FROM "ChallengeParticipant" cp WHERE cp."challengeId" = c.id AND cp."disqualifiedAt" IS NULL) AS teams,
      (SELECT count(*)::int FROM "Submission" s JOIN "Phase" p ON p.id = s."phaseId"
        WHERE p."challengeId" = c.id AND NOT s."isBaseline") AS submissions
    FROM "Challenge" c
    WHERE c.status IN ('PUBLISHED'::"ChallengeStatus", 'ARCHIVED'::"ChallengeStatus")
    ORDER BY (c.status = 'ARCHIVED'::"ChallengeStatus"), "endsAt" DESC NULLS LAST, c.title`;
  return rows.map((r) => ({ ...r, teams: Number(r.teams), submissions: Number(r.submissions) }));
}
