import { isAdmin, isSignedIn, type Viewer } from "../viewer";

export type ChallengeStatus = "DRAFT" | "PUBLISHED" | "ARCHIVED";

/** What authorization needs to know about one challenge, from this viewer's point of view (see loadChallengeFacts). */
export type ChallengeFacts = {
  challengeId: string;
  slug: string;
  status: ChallengeStatus;
  /** The viewer is one of the challenge's organizers. */
  isOrganizer: boolean;
  /** The viewer is a site admin. */
  isAdmin: boolean;
  /** The viewer's participating team in this challenge (at most one, enforced by the database), or null. */
  participantId: string | null;
  participantTeamId: string | null;
  /** The viewer's participating team was disqualified by the organizers. */
  isDisqualified: boolean;
};

/** Drafts are visible to their organizers and site admins only; published and archived challenges to everyone. */
export function canViewChallenge(viewer: Viewer, challenge: ChallengeFacts): boolean {
  if (challenge.status !== "DRAFT") return true;
  return canManageChallenge(viewer, challenge);
}

/** Edit the challenge, its phases, protocol, ground truth and run it (dashboard, re-evaluation, disqualification). */
export function canManageChallenge(viewer: Viewer, challenge: ChallengeFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return challenge.isOrganizer || isAdmin(viewer);
}

export function canCreateChallenge(viewer: Viewer): boolean {
  if (!isSignedIn(viewer)) return false;
  return isAdmin(viewer) || viewer.canCreateChallenges;
}

/** Only site admins hand out the right to create challenges. */
export function canGrantChallengeCreation(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

export function canViewPhase(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canViewChallenge(viewer, challenge);
}

export function canManagePhase(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}

/** Upload, replace and split the hidden ground truth. */
export function canManageGroundTruth(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}

/** Image counts, per-class instance counts and size distribution of the ground truth (organizer console). */
export function canViewGroundTruthSummary(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}

/**
 * The ground-truth file itself is never served to anyone, organizers and admins included: there is no
 * download action. This function exists so that the rule is written down and tested.
 */
export function canDownloadGroundTruth(_viewer: Viewer, _challenge: ChallengeFacts): boolean {
  return false;
}

/** The list of registered teams and their members (organizer dashboard). */
export function canViewChallengeParticipants(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}
