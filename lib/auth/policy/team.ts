import { isAdmin, isSignedIn, type Viewer } from "../viewer";

/** What authorization needs to know about one team, from this viewer's point of view (see loadTeamFacts). */
export type TeamFacts = {
  teamId: string;
  /** The viewer's role in the team, or null when the viewer is not a member. */
  viewerRole: "OWNER" | "MEMBER" | null;
};

/** Name and slug are public (they appear on leaderboards). */
export function canViewTeamPublicProfile(_viewer: Viewer, _team: TeamFacts): boolean {
  return true;
}

/** Members, invites, registrations and the team's submissions: members only (and site admins, for moderation). */
export function canViewTeamPrivateData(viewer: Viewer, team: TeamFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return team.viewerRole !== null || isAdmin(viewer);
}

/** Invite, revoke invites, remove members, transfer ownership, register for challenges: the owner only. */
export function canManageTeam(viewer: Viewer, team: TeamFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return team.viewerRole === "OWNER";
}

/** Any member may leave; the owner must first transfer ownership unless they are the last member (lib/teams checks that). */
export function canLeaveTeam(viewer: Viewer, team: TeamFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return team.viewerRole !== null;
}

/** Any signed-in non-member holding a valid invite code may join (the code itself is checked by lib/teams). */
export function canJoinTeam(viewer: Viewer, team: TeamFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return team.viewerRole === null;
}

export function canCreateTeam(viewer: Viewer): boolean {
  return isSignedIn(viewer);
}
