// Authenticating test requests without going through the sign-in form.
import { encode } from "next-auth/jwt";
import { env } from "@/lib/config";
import { SESSION_COOKIE_NAME } from "@/lib/auth/session-cookie";
import { startSession } from "@/lib/auth/sessions";
import { createApiToken } from "@/lib/auth/tokens";

/** A `Cookie` header value carrying a valid next-auth session for this user (as after signing in: a live Session row). */
export async function sessionCookieFor(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId, sid: await startSession(userId) }, secret: env.NEXTAUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

/** Headers for an API call as this user: `Authorization: Bearer mb_...` with a fresh token. */
export async function bearerHeadersFor(userId: string): Promise<{ authorization: string }> {
  const { token } = await createApiToken(userId, "test");
  return { authorization: `Bearer ${token}` };
}
