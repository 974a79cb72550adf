import "server-only";
import { env } from "@/lib/config";
import { assertSameSite } from "./csrf";
import { invalidToken } from "./errors";
import { SESSION_COOKIE_NAME, viewerFromSessionToken } from "./session-cookie";
import { viewerFromApiToken } from "./tokens";
import type { Viewer } from "./viewer";

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The viewer of an API request (route handlers under app/api). An `Authorization: Bearer` API token wins;
 * without one, the session cookie is used and cookie-authenticated mutations must come from this site
 * (403 otherwise: CSRF). Returns the anonymous viewer when neither is present; throws AuthError 401
 * invalid_token for a bad, unknown or revoked token.
 */
export async function authenticateRequest(req: Request): Promise<Viewer> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw invalidToken("The Authorization header must be 'Bearer mb_...' with an API token from Settings → API tokens.");
    }
    return viewerFromApiToken(match[1]);
  }
  assertSameSite(req, env.NEXTAUTH_URL);
  return viewerFromSessionToken(readCookie(req, SESSION_COOKIE_NAME));
}
