import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { AuthError } from "@/lib/auth/errors";
import { getViewer } from "@/lib/auth/session";
import { authorizeManageChallenge } from "@/lib/challenges/access";

/**
 * The organizer pages' guard (the rule itself is lib/auth's canManageChallenge), answering as the
 * API does: anonymous viewers are sent to sign in; signed-in viewers who may see the challenge but
 * not manage it get 403 (app/forbidden.tsx); a draft or missing challenge is a 404, so the console
 * never reveals that a draft exists.
 */
export async function requireOrganizer(slug: string, path: string) {
  const viewer = await getViewer();
  try {
    const facts = await authorizeManageChallenge(viewer, slug);
    return { viewer, facts };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    if (err.status === 401) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    if (err.status === 403) forbidden();
    notFound();
  }
}
