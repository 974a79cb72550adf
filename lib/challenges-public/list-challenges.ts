import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeCounts } from "./counts";

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
  const rows = await prisma.$queryRaw<(Omit<ChallengeListItem, "teams" | "submissions"> & { id: string })[]>`
    SELECT c.id, c.slug, c.title, c.summary, c.status::text AS status,
      (SELECT min(p."startsAt") FROM "Phase" p WHERE p."challengeId" = c.id) AS "startsAt",
      (SELECT max(p."endsAt") FROM "Phase" p WHERE p."challengeId" = c.id) AS "endsAt"
    FROM "Challenge" c
    WHERE c.status IN ('PUBLISHED'::"ChallengeStatus", 'ARCHIVED'::"ChallengeStatus")
    ORDER BY (c.status = 'ARCHIVED'::"ChallengeStatus"), "endsAt" DESC NULLS LAST, c.title`;
  const counts = await loadChallengeCounts(rows.map((r) => r.id));
  return rows.map(({ id, ...r }) => ({ ...r, teams: counts.get(id)!.teams, submissions: counts.get(id)!.submissions }));
}
