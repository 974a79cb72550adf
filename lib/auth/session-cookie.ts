import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/config";
import { viewerOfLiveSession } from "./sessions";
import { anonymousViewer, type Viewer } from "./viewer";

/** Secure cookies whenever the site is served over https (as production must be); plain http only for local use. */
export const useSecureCookies = env.NEXTAUTH_URL.startsWith("https://");
export const SESSION_COOKIE_NAME = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The viewer behind a next-auth session cookie: the JWT names the user and the session (`sid`), and
 * that session must still be live in the database (lib/auth/sessions.ts): signed-out, revoked and idle
 * sessions are refused here, the one place every page, action and route handler resolves its viewer.
 * Role and rights are read from the database on every request, so revoking admin rights takes effect at once.
 */
export async function viewerFromSessionToken(sessionToken: string | undefined): Promise<Viewer> {
  if (!sessionToken) return anonymousViewer;
  let claims: { sub?: unknown; sid?: unknown } | null;
  try {
    claims = await decode({ token: sessionToken, secret: env.NEXTAUTH_SECRET });
  } catch {
    return anonymousViewer; // tampered, expired or signed with another secret
  }
  // A token without a session id predates server-side sessions and cannot be revoked: refused.
  if (typeof claims?.sub !== "string" || typeof claims.sid !== "string") return anonymousViewer;
  return (await viewerOfLiveSession(claims.sid, claims.sub)) ?? anonymousViewer;
}
