// Viewers and challenge facts for the policy tests: the policy functions are pure, so a test states
// only what differs from an outsider looking at a published challenge.
import type { ChallengeFacts } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";

/** A signed-in USER named `name` (id u-<name>) who may not create challenges, unless `over` says otherwise. */
export function signedInViewer(name: string, over: Partial<Viewer> = {}): Viewer {
  return { userId: `u-${name}`, email: `${name}@example.test`, role: "USER", canCreateChallenges: false, ...over };
}

/** Challenge c1, published, seen by someone with no part in it, unless `over` says otherwise. */
export function challengeFacts(over: Partial<ChallengeFacts> = {}): ChallengeFacts {
  return {
    challengeId: "c1",
    slug: "c1",
    status: "PUBLISHED",
    isOrganizer: false,
    isAdmin: false,
    participantId: null,
    participantTeamId: null,
    isDisqualified: false,
    ...over,
  };
}
