import { forbidden } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Refuses cross-site requests that would act with the viewer's cookies. Browsers send Sec-Fetch-Site
 * (and Origin on every cross-origin POST); clients without either are not browsers and carry no ambient
 * credentials worth stealing. Allowed origins: the configured site URL and the origin the request came to.
 */
export function crossSiteProblem(req: Request, siteUrl: string): string | null {
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    return `Sec-Fetch-Site is "${fetchSite}"`;
  }
  const origin = req.headers.get("origin");
  if (!origin) return null;
  const allowed = new Set([new URL(siteUrl).origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin) ? null : `Origin ${origin} is not this site`;
}

export function assertSameSite(req: Request, siteUrl: string): void {
  if (isSafeMethod(req.method)) return;
  const problem = crossSiteProblem(req, siteUrl);
  if (problem) {
    throw forbidden(
      `Cross-site request refused (${problem}). Submit the form from this site, or call the API with 'Authorization: Bearer mb_...' instead of cookies.`,
    );
  }
}
