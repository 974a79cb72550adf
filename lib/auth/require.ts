import "server-only";
import { denial, notFound, unauthenticated } from "./errors";
import { loadChallengeFactsBySlug, loadTeamFacts } from "./facts";
import { canViewChallenge, type ChallengeFacts } from "./policy/challenge";
import { canViewTeamPrivateData, type TeamFacts } from "./policy/team";
import { isSignedIn, type SignedInViewer, type Viewer } from "./viewer";

export function requireSignedIn(viewer: Viewer, action = "do this"): SignedInViewer {
  if (!isSignedIn(viewer)) throw unauthenticated(`Sign in (or send an API token) to ${action}.`);
  return viewer;
}

/**
 * Loads the challenge's facts and checks one policy rule, throwing the right AuthError: 404 when the
 * challenge does not exist or is hidden from the viewer (drafts), 401 for anonymous viewers, else 403.
 *   const facts = await authorizeChallenge(viewer, slug, canManageChallenge, "manage this challenge");
 */
export async function authorizeChallenge(
  viewer: Viewer,
  slug: string,
  rule: (viewer: Viewer, challenge: ChallengeFacts) => boolean,
  action: string,
): Promise<ChallengeFacts> {
  const facts = await loadChallengeFactsBySlug(viewer, slug);
  if (!facts || !canViewChallenge(viewer, facts)) throw notFound(`Challenge "${slug}" not found.`);
  if (!rule(viewer, facts)) {
    throw denial(viewer, { canSee: true, what: `Challenge "${slug}"`, action });
  }
  return facts;
}

/** Same for a team; outsiders get 404 for actions on private team data. */
export async function authorizeTeam(
  viewer: Viewer,
  teamId: string,
  rule: (viewer: Viewer, team: TeamFacts) => boolean,
  action: string,
): Promise<TeamFacts> {
  const facts = await loadTeamFacts(viewer, teamId);
  if (!facts) throw notFound("Team not found.");
  if (!rule(viewer, facts)) {
    throw denial(viewer, { canSee: canViewTeamPrivateData(viewer, facts), what: "Team", action });
  }
  return facts;
}
