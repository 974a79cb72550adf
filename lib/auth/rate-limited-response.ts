import type { RateLimitedError } from "./rate-limit";

/**
 * A 429 for the sign-in/sign-up endpoints. next-auth's client (signIn with json=true) reads `url` and shows
 * its `error` parameter on the form; API-style clients read the usual error body and Retry-After.
 */
export function rateLimitedSignInResponse(err: RateLimitedError, json: boolean, siteUrl: string): Response {
  const headers = { "Retry-After": String(err.retryAfterSeconds) };
  // Absolute: next-auth's client parses it with new URL().
  // The form (json) shows the message from `url`; the sign-in page shows only codes (RateLimited).
  const url = new URL(`/signin?error=${encodeURIComponent(json ? err.message : "RateLimited")}`, siteUrl).toString();
  if (!json) return new Response(null, { status: 303, headers: { ...headers, Location: url } });
  return Response.json(
    { url, error: { code: err.code, message: err.message, retryAfterSeconds: err.retryAfterSeconds } },
    { status: 429, headers },
  );
}
