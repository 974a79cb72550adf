import { isSignedIn, type Viewer } from "../viewer";

export type ApiTokenFacts = { ownerId: string };

/** API tokens are strictly personal: only their owner lists, uses or revokes them (admins included). */
export function canManageApiToken(viewer: Viewer, token: ApiTokenFacts): boolean {
  if (!isSignedIn(viewer)) return false;
  return viewer.userId === token.ownerId;
}

export function canCreateApiToken(viewer: Viewer): boolean {
  return isSignedIn(viewer);
}
