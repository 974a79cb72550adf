import "server-only";
import { notFound, redirect } from "next/navigation";
import { AuthError } from "@/lib/auth/errors";
import { getViewer } from "@/lib/auth/session";
import { authorizeManageChallenge } from "@/lib/challenges/access";

/**
 * The organizer pages' guard (the rule itself is lib/auth's canManageChallenge): anonymous viewers
 * are sent to sign in; everyone else who may not manage the challenge gets a 404, so the console
 * never reveals a challenge's settings or even that a draft exists.
 */
export async function requireOrganizer(slug: string, path: string) {
  const viewer = await getViewer();
  try {
    const facts = await authorizeManageChallenge(viewer, slug);
    return { viewer, facts };
  } catch (err) {
    if (err instanceof AuthError && err.status === 401) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    if (err instanceof AuthError) notFound();
    throw err;
  }
}
