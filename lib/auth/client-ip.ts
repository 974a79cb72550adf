/**
 * The client address for rate limiting. Next.js sets X-Forwarded-For from the socket when no proxy did;
 * behind a reverse proxy that appends to it, the rightmost entry is the one the proxy saw, which the client
 * cannot forge. (Without a proxy a client may send its own header: per-account limits still hold.)
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const entries = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.at(-1) ?? "unknown";
}
