import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canHideSubmission } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { authorizeSubmissionAction } from "./authorize";

/** Only entries that will never score can be hidden: a hidden finished entry could still be ranked. */
const HIDEABLE = ["FAILED", "CANCELLED"] as const;

/**
 * Hides a failed or cancelled entry from its team's own lists (or shows it again). Nothing else
 * changes: organizers still see it, it keeps not counting toward quotas. The submitting team only.
 */
export async function setSubmissionHidden(viewer: Viewer, submissionId: string, hidden: boolean): Promise<void> {
  await authorizeSubmissionAction(viewer, submissionId, canHideSubmission, hidden ? "hide this submission" : "show this submission");
  const { count } = await prisma.submission.updateMany({
    where: { id: submissionId, status: { in: [...HIDEABLE] } },
    data: { hiddenAt: hidden ? new Date() : null },
  });
  if (count === 0)
    throw new AppError({
      status: 409,
      code: "not_hideable",
      message: "Only failed or cancelled submissions can be hidden: finished ones may be ranked, running ones are still being scored.",
    });
}
