// Talking to next-auth's real endpoints from tests, as next-auth's browser client does.
import { randomInt } from "node:crypto";

export class CookieJar {
  private cookies = new Map<string, string>();
  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** A distinct client address per test, so per-IP limits of one test do not leak into another. */
export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** POSTs to /api/auth/callback/<provider> with a fresh CSRF token, like next-auth/react's signIn(..., { redirect: false }). */
export async function postCredentials(
  baseUrl: string,
  provider: "credentials" | "signup",
  fields: Record<string, string>,
  opts: { jar?: CookieJar; ip?: string } = {},
): Promise<{ res: Response; body: { url?: string; error?: { code: string; message: string } }; jar: CookieJar; error: string | null }> {
  const jar = opts.jar ?? new CookieJar();
  const ip = opts.ip ?? randomIp();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header(), "x-forwarded-for": ip } });
  jar.absorb(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/${provider}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), "x-forwarded-for": ip },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: baseUrl, json: "true" }),
  });
  jar.absorb(res);
  const body = (await res.json()) as { url?: string; error?: { code: string; message: string } };
  const error = body.url ? new URL(body.url).searchParams.get("error") : null;
  return { res, body, jar, error };
}
