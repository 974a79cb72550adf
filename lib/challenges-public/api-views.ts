import "server-only";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { notFound } from "@/lib/auth/errors";
import { canViewChallenge } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { listPublicChallenges } from "./list-challenges";
import { loadChallengeOverview } from "./overview";

/** GET /api/v1/challenges: published and archived challenges (never drafts), as the home page lists them. */
export async function challengeListJson() {
  const challenges = await listPublicChallenges();
  return {
    challenges: challenges.map((c) => ({
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      status: c.status,
      startsAt: c.startsAt?.toISOString() ?? null,
      endsAt: c.endsAt?.toISOString() ?? null,
      teams: c.teams,
      submissions: c.submissions,
    })),
  };
}

/**
 * GET /api/v1/challenges/{slug}: what the challenge page shows (description, rules, phases with their
 * windows and quotas, counts) to whoever may see the challenge; a draft is a 404 except to its organizers.
 */
export async function challengeOverviewJson(viewer: Viewer, slug: string) {
  const overview = await loadChallengeOverview(slug);
  const facts = overview ? await loadChallengeFacts(viewer, overview.id) : null;
  if (!overview || !facts || !canViewChallenge(viewer, facts)) throw notFound(`Challenge "${slug}" not found.`);
  return {
    slug: overview.slug,
    title: overview.title,
    summary: overview.summary,
    description: overview.description,
    rules: overview.rules,
    status: overview.status,
    teams: overview.teams,
    submissions: overview.submissions,
    phases: overview.phases.map((p) => ({
      slug: p.slug,
      name: p.name,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      maxSubmissionsPerDay: p.maxSubmissionsPerDay,
      maxSubmissionsTotal: p.maxSubmissionsTotal,
      maxFinalSelections: p.maxFinalSelections,
      leaderboardVisibility: p.leaderboardVisibility,
      allowLateSubmissions: p.allowLateSubmissions,
      submissions: p.submissions,
    })),
  };
}
