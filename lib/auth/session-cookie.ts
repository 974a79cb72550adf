import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/config";
import { findSignedInViewer } from "./users";
import { anonymousViewer, type Viewer } from "./viewer";

/** Secure cookies whenever the site is served over https (as production must be); plain http only for local use. */
export const useSecureCookies = env.NEXTAUTH_URL.startsWith("https://");
export const SESSION_COOKIE_NAME = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The viewer behind a next-auth session cookie. The JWT only names the user: role and rights are read
 * from the database on every request, so revoking admin rights takes effect at once.
 */
export async function viewerFromSessionToken(sessionToken: string | undefined): Promise<Viewer> {
  if (!sessionToken) return anonymousViewer;
  let userId: unknown;
  try {
    userId = (await decode({ token: sessionToken, secret: env.NEXTAUTH_SECRET }))?.sub;
  } catch {
    return anonymousViewer; // tampered, expired or signed with another secret
  }
  if (typeof userId !== "string") return anonymousViewer;
  return (await findSignedInViewer(userId)) ?? anonymousViewer;
}
