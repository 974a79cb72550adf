import "server-only";
import { prisma } from "@/lib/db";

/** The overview page's facts about a challenge; visibility is checked by the caller with the challenge policy. */
export async function loadChallengeOverview(slug: string) {
  return prisma.challenge.findUnique({
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
          _count: { select: { submissions: true } },
        },
      },
      _count: { select: { participants: true } },
    },
  });
}
