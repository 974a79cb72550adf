import "server-only";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { AuthError, notFound } from "@/lib/auth/errors";
import type { ChallengeFacts } from "@/lib/auth/policy";
import { canManageChallenge, canViewLeaderboard, canViewPrivateLeaderboard } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { loadPhaseContext, type PhaseContext } from "./phase-context";
import type { SplitName } from "./types";

export interface LeaderboardAccess {
  context: PhaseContext;
  facts: ChallengeFacts;
  /** The viewer may see private-split numbers of this phase now. */
  canSeePrivate: boolean;
  isOrganizer: boolean;
}

/**
 * Resolves challenge and phase and checks that the viewer may read this split of its
 * leaderboard. Hidden things answer 404 (drafts, hidden leaderboards: we do not reveal them);
 * an unreleased private split answers 403 with what to wait for.
 */
export async function authorizeLeaderboard(
  viewer: Viewer,
  challengeSlug: string,
  phaseSlug: string | undefined,
  split: SplitName,
  now: Date = new Date(),
): Promise<LeaderboardAccess> {
  const context = await loadPhaseContext(challengeSlug, phaseSlug, now);
  if (!context)
    throw notFound(phaseSlug ? `Challenge "${challengeSlug}" has no phase "${phaseSlug}".` : `Challenge "${challengeSlug}" not found.`);
  const facts = await loadChallengeFacts(viewer, context.challenge.id);
  if (!facts) throw notFound(`Challenge "${challengeSlug}" not found.`);
  if (!canViewLeaderboard(viewer, facts, context.phase)) {
    throw notFound(
      facts.status === "DRAFT"
        ? `Challenge "${challengeSlug}" not found.`
        : `The leaderboard of phase "${context.phase.slug}" is not visible to you.`,
    );
  }
  const canSeePrivate = canViewPrivateLeaderboard(viewer, facts, context.phase, now);
  if (split === "private") {
    if (!context.hasPrivateSplit) throw new AuthError(404, "no_private_split", `Phase "${context.phase.slug}" has no private split.`);
    if (!canSeePrivate) {
      throw new AuthError(
        403,
        "private_not_released",
        `The private split of phase "${context.phase.slug}" is not released yet` +
          (context.phase.autoReleasePrivate ? `; it will be after ${context.phase.endsAt.toISOString()}.` : "; the organizers release it."),
      );
    }
  }
  return { context, facts, canSeePrivate, isOrganizer: canManageChallenge(viewer, facts) };
}
