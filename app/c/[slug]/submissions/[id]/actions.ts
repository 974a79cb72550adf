"use server";

import { redirect } from "next/navigation";
import { signNotice } from "@/lib/notices";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { isUserError } from "@/lib/errors";
import { describeError } from "@/lib/challenges/describe-error";
import { cancelSubmissionAs } from "@/lib/submissions/cancel";

const schema = z.object({ slug: z.string().min(1), submission: z.string().min(1), reason: z.string().max(500).optional() });

/** Cancel from the submission's page: its team while queued, organizers with a reason (cancelSubmissionAs). */
export async function cancelFromPageAction(form: FormData): Promise<void> {
  const parsed = schema.safeParse({
    slug: form.get("slug"),
    submission: form.get("submission"),
    reason: (form.get("reason") as string | null) ?? undefined,
  });
  if (!parsed.success) throw new Error("The form is incomplete: reload the page and try again.");
  const { slug, submission, reason } = parsed.data;
  const viewer = await getViewer();
  let problem: string | null = null;
  try {
    await cancelSubmissionAs(viewer, submission, reason);
  } catch (err) {
    if (!isUserError(err)) throw err;
    problem = describeError(err);
  }
  const back = `/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(submission)}`;
  redirect(problem ? `${back}?${new URLSearchParams({ error: signNotice(viewer, "error", problem) })}` : back);
}
