// The security headers of every page (applied by proxy.ts, the one place each request passes through).
// Scripts run only with this request's nonce (Next puts it on its own scripts when it finds it in the
// request's Content-Security-Policy): no 'unsafe-inline' for scripts, so injected markup cannot run code.
// Styles keep 'unsafe-inline': React style attributes cannot carry a nonce, and styles cannot run code.

export type PageSecurityOptions = {
  /** Fresh, unpredictable, per request (base64). */
  nonce: string;
  /** The site is served over https (NEXTAUTH_URL): send HSTS. */
  https: boolean;
  /** `next dev` needs eval for its error overlay and hot reload. */
  development: boolean;
};

/** One year: browsers that saw the site over https refuse plain http to it for that long. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function contentSecurityPolicy({ nonce, development }: Pick<PageSecurityOptions, "nonce" | "development">): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Response headers of a page besides those next.config.ts sets for every path. */
export function pageSecurityHeaders(options: PageSecurityOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...(options.https ? { "Strict-Transport-Security": `max-age=${HSTS_MAX_AGE_SECONDS}` } : {}),
  };
}

/** A nonce for one request: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
