"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { isUserError } from "@/lib/errors";
import { signNotice } from "@/lib/notices";
import { describeError } from "@/lib/challenges/describe-error";
import { setFinalSelections } from "@/lib/leaderboard/team-submissions";
import { cancelSubmissionAs } from "@/lib/submissions/cancel";
import { setSubmissionHidden } from "@/lib/submissions/hide";

const formSchema = z.object({
  slug: z.string().min(1),
  phase: z.string().min(1),
  selected: z.array(z.string().min(1)),
});

const entrySchema = z.object({ slug: z.string().min(1), phase: z.string().min(1), submission: z.string().min(1) });

function back(slug: string, phase: string, extra: Record<string, string>): string {
  return `/c/${encodeURIComponent(slug)}/my-submissions?${new URLSearchParams({ phase, ...extra })}`;
}

/**
 * Runs one of the team's own actions and comes back to the list with the outcome in the query. The
 * row's id comes bound to the action (`action.bind(null, id)`): a button whose formAction is a server
 * action cannot carry a name and value of its own (React takes its name to encode the action).
 */
async function teamAction(
  submissionId: unknown,
  form: FormData,
  run: (submissionId: string) => Promise<unknown>,
  done: string,
): Promise<void> {
  const parsed = entrySchema.safeParse({ slug: form.get("slug"), phase: form.get("phase"), submission: submissionId });
  if (!parsed.success) throw new Error("The form is incomplete: reload the page and try again.");
  const { slug, phase, submission } = parsed.data;
  let problem: string | null = null;
  try {
    await run(submission);
  } catch (err) {
    if (!isUserError(err)) throw err;
    problem = describeError(err);
  }
  const viewer = await getViewer();
  redirect(back(slug, phase, problem ? { error: signNotice(viewer, "error", problem) } : { ok: signNotice(viewer, "ok", done) }));
}

/** Saves the team's final entries and comes back to the list with the outcome in the query. */
export async function saveFinalSelections(formData: FormData): Promise<void> {
  const parsed = formSchema.safeParse({
    slug: formData.get("slug"),
    phase: formData.get("phase"),
    selected: formData.getAll("selected"),
  });
  if (!parsed.success) throw new Error("The final-entry form is incomplete: reload the page and try again.");
  const { slug, phase, selected } = parsed.data;
  let problem: string | null = null;
  try {
    await setFinalSelections(await getViewer(), slug, phase, selected);
  } catch (err) {
    if (!isUserError(err)) throw err;
    problem = describeError(err);
  }
  redirect(back(slug, phase, problem ? { error: signNotice(await getViewer(), "error", problem) } : { saved: "1" }));
}

/** The team cancels its own queued submission (cancelSubmissionAs: canCancelSubmission). */
export async function cancelOwnSubmissionAction(submissionId: string, form: FormData): Promise<void> {
  const viewer = await getViewer();
  await teamAction(
    submissionId,
    form,
    (id) => cancelSubmissionAs(viewer, id),
    "Submission cancelled; it does not count toward your quota.",
  );
}

/** The team hides a failed or cancelled entry from its list (setSubmissionHidden: canHideSubmission). */
export async function hideSubmissionAction(submissionId: string, form: FormData): Promise<void> {
  const viewer = await getViewer();
  await teamAction(submissionId, form, (id) => setSubmissionHidden(viewer, id, true), "Entry hidden from this list.");
}

/** Shows a hidden entry again (setSubmissionHidden: canHideSubmission). */
export async function unhideSubmissionAction(submissionId: string, form: FormData): Promise<void> {
  const viewer = await getViewer();
  await teamAction(submissionId, form, (id) => setSubmissionHidden(viewer, id, false), "Entry shown again.");
}
