import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { denial } from "@/lib/auth/errors";
import { canViewSubmission, type ChallengeFacts } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";

/**
 * Checks an action on a submission (cancel, re-run, download) with a policy rule. Viewers who may
 * not see the submission get 404, the submitting team 403.
 */
export async function authorizeSubmissionAction(
  viewer: Viewer,
  submissionId: string,
  rule: (viewer: Viewer, challenge: ChallengeFacts, submission: { teamId: string | null; status: string }) => boolean,
  action: string,
): Promise<void> {
  const submission = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: { teamId: true, status: true, phase: { select: { challengeId: true } } },
  });
  const facts = submission ? await loadChallengeFacts(viewer, submission.phase.challengeId) : null;
  if (submission && facts && rule(viewer, facts, submission)) return;
  const canSee = Boolean(submission && facts && canViewSubmission(viewer, facts, submission));
  throw denial(viewer, { canSee, what: "Submission", action });
}
