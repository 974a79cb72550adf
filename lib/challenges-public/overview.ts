import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeCounts } from "./counts";

/** The overview page's facts about a challenge; visibility is checked by the caller with the challenge policy. */
export async function loadChallengeOverview(slug: string) {
  const challenge = await prisma.challenge.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      description: true,
      rules: true,
      status: true,
      phases: {
        orderBy: [{ position: "asc" }, { startsAt: "asc" }],
        select: {
          id: true,
          slug: true,
          name: true,
          startsAt: true,
          endsAt: true,
          maxSubmissionsPerDay: true,
          maxSubmissionsTotal: true,
          maxFinalSelections: true,
          leaderboardVisibility: true,
          allowLateSubmissions: true,
        },
      },
    },
  });
  if (!challenge) return null;
  const counts = (await loadChallengeCounts([challenge.id])).get(challenge.id)!;
  return {
    ...challenge,
    teams: counts.teams,
    submissions: counts.submissions,
    phases: challenge.phases.map((p) => ({ ...p, submissions: counts.submissionsByPhase.get(p.id) ?? 0 })),
  };
}
