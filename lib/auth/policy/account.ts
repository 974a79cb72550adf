import { isSignedIn, type Viewer } from "../viewer";

export type AccountFacts = { userId: string };

/**
 * An account's sessions and password are its owner's alone: only they end its sessions ("sign out
 * everywhere") or change its password. Admins included: they manage rights, not other people's logins.
 */
export function canManageAccount(viewer: Viewer, account: AccountFacts): boolean {
  return isSignedIn(viewer) && viewer.userId === account.userId;
}
