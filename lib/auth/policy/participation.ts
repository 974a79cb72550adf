import { isSignedIn, type Viewer } from "../viewer";
import { canManageChallenge, type ChallengeFacts } from "./challenge";
import type { TeamFacts } from "./team";

/**
 * Register a team for a challenge: the team's owner, for a published challenge in which the viewer is not
 * already in a participating team. (The database also enforces one team per user per challenge for every
 * member, see lib/teams/register.ts.)
 */
export function canRegisterTeam(viewer: Viewer, challenge: ChallengeFacts, team: TeamFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  if (challenge.status !== "PUBLISHED") return false;
  if (challenge.participantId !== null) return false;
  return team.viewerRole === "OWNER";
}

/** The viewer takes part in this challenge through a team that was not disqualified. */
export function isActiveParticipant(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return isSignedIn(viewer) && challenge.participantTeamId !== null && !challenge.isDisqualified;
}

/**
 * Release a participation held after a member left a team that had submitted or was disqualified
 * (lib/teams/release.ts): the challenge's organizers and site admins, never the participant.
 */
export function canReleaseParticipation(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}
