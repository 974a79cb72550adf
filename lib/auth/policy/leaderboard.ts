import type { Viewer } from "../viewer";
import { canManageChallenge, canViewChallenge, type ChallengeFacts } from "./challenge";
import { isPrivateReleased, type PrivateReleaseFacts } from "./private-split";
import { canViewSubmission, type SubmissionFacts } from "./submission";

export type LeaderboardVisibilityValue = "PUBLIC" | "PARTICIPANTS" | "HIDDEN";

/** What leaderboard visibility depends on for one phase. */
export type LeaderboardPhaseFacts = PrivateReleaseFacts & {
  leaderboardVisibility: LeaderboardVisibilityValue;
};

/**
 * A phase's (public-split) leaderboard: organizers and admins always; otherwise by the phase's
 * setting — PUBLIC for everyone, PARTICIPANTS for members of registered teams, HIDDEN for nobody
 * else. Drafts stay invisible to all but their organizers.
 */
export function canViewLeaderboard(viewer: Viewer, challenge: ChallengeFacts, phase: LeaderboardPhaseFacts): boolean {
  if (!canViewChallenge(viewer, challenge)) return false;
  if (canManageChallenge(viewer, challenge)) return true;
  switch (phase.leaderboardVisibility) {
    case "PUBLIC":
      return true;
    case "PARTICIPANTS":
      return viewer.userId !== null && challenge.participantTeamId !== null;
    case "HIDDEN":
      return false;
  }
}

/** The private-split leaderboard (and any private-split number): organizers always, others once it is released. */
export function canViewPrivateLeaderboard(
  viewer: Viewer,
  challenge: ChallengeFacts,
  phase: LeaderboardPhaseFacts,
  now: Date = new Date(),
): boolean {
  if (!canViewLeaderboard(viewer, challenge, phase)) return false;
  return canManageChallenge(viewer, challenge) || isPrivateReleased(phase, now);
}

export type SubmissionPageFacts = SubmissionFacts & {
  /** The submission is the entry that represents its team on the phase's public leaderboard. */
  isRankedEntry: boolean;
  /** Challenge.publicSubmissionPages. */
  publicSubmissionPages: boolean;
};

/**
 * A submission's page: the submitting team and organizers; anyone who may see the leaderboard
 * too, for ranked entries, when the challenge makes ranked entries' pages public.
 */
export function canViewSubmissionPage(
  viewer: Viewer,
  challenge: ChallengeFacts,
  phase: LeaderboardPhaseFacts,
  submission: SubmissionPageFacts,
): boolean {
  if (canViewSubmission(viewer, challenge, submission)) return true;
  return submission.publicSubmissionPages && submission.isRankedEntry && canViewLeaderboard(viewer, challenge, phase);
}

/** Choose final entries for the team's ranking after the phase closes: members of the active submitting team. */
export function canSelectFinalEntries(viewer: Viewer, challenge: ChallengeFacts, submission: SubmissionFacts): boolean {
  return (
    viewer.userId !== null && submission.teamId !== null && challenge.participantTeamId === submission.teamId && !challenge.isDisqualified
  );
}
