import "server-only";
import { prisma } from "@/lib/db";
import { authorizeChallenge } from "@/lib/auth/require";
import { canCreateChallenge, canManageChallenge, type ChallengeFacts } from "@/lib/auth/policy";
import { forbidden, notFound, unauthenticated } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/viewer";

/** The challenge's facts if the viewer may manage it; else the policy's AuthError (401 / 403 / 404 for drafts). */
export function authorizeManageChallenge(viewer: Viewer, slug: string): Promise<ChallengeFacts> {
  return authorizeChallenge(viewer, slug, canManageChallenge, "manage this challenge");
}

export function authorizeCreateChallenge(viewer: Viewer): void {
  if (viewer.userId === null) throw unauthenticated("Sign in to create a challenge.");
  if (!canCreateChallenge(viewer)) throw forbidden("You may not create challenges: ask a site admin for the right to create challenges.");
}

/** The phase `phaseSlug` of a challenge the caller already authorized. */
export async function findPhase(challengeId: string, phaseSlug: string) {
  const phase = await prisma.phase.findUnique({ where: { challengeId_slug: { challengeId, slug: phaseSlug } } });
  if (!phase) throw notFound(`Phase "${phaseSlug}" not found in this challenge.`);
  return phase;
}
