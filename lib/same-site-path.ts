// Redirect targets taken from a request (callbackUrl, a form's `back` field) may only lead within this
// site: a relative path, never another origin ("//evil.example", "/\\evil.example", "https://...",
// tab or newline tricks that URL parsing strips). Pure: usable in pages, actions and route handlers.
const PROBE_ORIGIN = "http://same-site.invalid";

/** The value as a same-site path ("/c/x/manage?tab=1"), or `fallback` when it is anything else. */
export function sameSitePath(value: string | string[] | null | undefined, fallback = "/"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A redirect target on this site: a same-site path, or an absolute URL whose origin is `origin`; else null. */
export function sameSiteTarget(value: string, origin: string): string | null {
  if (value.startsWith("/")) return sameSitePath(value, "") || null;
  try {
    const url = new URL(value);
    return url.origin === origin ? url.href : null;
  } catch {
    return null;
  }
}
