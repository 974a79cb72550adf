/** Who is asking. Every authorization decision is a function of a Viewer and facts about a resource. */
export type Viewer = {
  userId: string | null;
  email: string | null;
  role: "USER" | "ADMIN" | null;
  canCreateChallenges: boolean;
};

export const anonymousViewer: Viewer = Object.freeze({
  userId: null,
  email: null,
  role: null,
  canCreateChallenges: false,
});

export type SignedInViewer = Viewer & { userId: string; email: string; role: "USER" | "ADMIN" };

export function isSignedIn(viewer: Viewer): viewer is SignedInViewer {
  return viewer.userId !== null;
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.userId !== null && viewer.role === "ADMIN";
}

/** Builds a Viewer from a User row (the role and rights are always read fresh from the database). */
export function viewerFromUser(user: { id: string; email: string; role: "USER" | "ADMIN"; canCreateChallenges: boolean }): SignedInViewer {
  return { userId: user.id, email: user.email, role: user.role, canCreateChallenges: user.canCreateChallenges };
}
