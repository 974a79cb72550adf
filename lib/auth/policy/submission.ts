import { isSignedIn, type Viewer } from "../viewer";
import { canManageChallenge, type ChallengeFacts } from "./challenge";
import { isActiveParticipant } from "./participation";
import { isPrivateReleased, type PrivateReleaseFacts } from "./private-split";

/** What authorization needs to know about one submission. */
export type SubmissionFacts = {
  /** The submitting team; null for organizer baselines. */
  teamId: string | null;
};

function isSubmittingTeam(challenge: ChallengeFacts, submission: SubmissionFacts): boolean {
  return submission.teamId !== null && challenge.participantTeamId === submission.teamId;
}

/**
 * Upload a results file: an active (registered, not disqualified) participant of a published challenge,
 * or an organizer (whose uploads are baselines). Phase windows and quotas are business rules in
 * lib/submissions, not authorization.
 */
export function canSubmit(viewer: Viewer, challenge: ChallengeFacts): boolean {
  if (canManageChallenge(viewer, challenge)) return true;
  return challenge.status === "PUBLISHED" && isActiveParticipant(viewer, challenge);
}

/** Status, errors and public-split scores of a submission: the submitting team and the organizers. */
export function canViewSubmission(viewer: Viewer, challenge: ChallengeFacts, submission: SubmissionFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return canManageChallenge(viewer, challenge) || isSubmittingTeam(challenge, submission);
}

/** Private-split scores: organizers always; the submitting team only once the private split is released. */
export function canViewPrivateScores(
  viewer: Viewer,
  challenge: ChallengeFacts,
  submission: SubmissionFacts,
  phase: PrivateReleaseFacts,
  now: Date = new Date(),
): boolean {
  if (canManageChallenge(viewer, challenge)) return true;
  return isSubmittingTeam(challenge, submission) && isPrivateReleased(phase, now);
}

/**
 * Cancel a submission: organizers (queued or running), and the submitting team's members while it is
 * still queued (a team that uploaded the wrong file gets its concurrency slot back). Whether the
 * submission is cancellable at all is lib/submissions' business.
 */
export function canCancelSubmission(viewer: Viewer, challenge: ChallengeFacts, submission: SubmissionFacts & { status: string }): boolean {
  if (canManageChallenge(viewer, challenge)) return true;
  return isSignedIn(viewer) && isSubmittingTeam(challenge, submission) && submission.status === "QUEUED";
}

/** Download the uploaded results file: the submitting team and the organizers (as for viewing it). */
export function canDownloadSubmissionFile(viewer: Viewer, challenge: ChallengeFacts, submission: SubmissionFacts): boolean {
  return canViewSubmission(viewer, challenge, submission);
}

/** Hide an entry from the team's own lists (and show it again): the submitting team's members. */
export function canHideSubmission(viewer: Viewer, challenge: ChallengeFacts, submission: SubmissionFacts): boolean {
  return isSignedIn(viewer) && isSubmittingTeam(challenge, submission);
}

/** Re-run one submission or all of a phase: organizers only. */

export function canRerunSubmission(viewer: Viewer, challenge: ChallengeFacts): boolean {
  return canManageChallenge(viewer, challenge);
}
