// What the served app tells browsers and caches: private API answers are never stored, and pages run
// only scripts carrying this response's CSP nonce.
import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { seedChallenge, seedTeam, type SeededChallenge } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({ withPrivateSplit: true });
  await seedTeam(ch);
}, SERVER_STARTUP_TIMEOUT_MS);

describe("private API answers are not cached", () => {
  it("/api/v1 answers say Cache-Control: private, no-store (signed in by cookie or token, and refusals)", async () => {
    const cookie = { cookie: await sessionCookieFor(ch.organizer.id) };
    const bearer = await bearerHeadersFor(ch.organizer.id);
    const board = `/api/v1/challenges/${ch.slug}/phases/test/leaderboard?split=private`;
    const requests: [string, Record<string, string>][] = [
      ["/api/v1/me", cookie],
      ["/api/v1/me", bearer],
      ["/api/v1/me", {}],
      ["/api/v1/teams", cookie],
      [board, cookie],
      [`${board}&format=csv`, bearer],
      [`${board}&view=classes&format=csv`, cookie],
      [`/api/v1/challenges/${ch.slug}/phases/test/submissions`, bearer],
      [`/api/v1/challenges/${ch.slug}/definition`, bearer],
    ];
    for (const [path, headers] of requests) {
      const res = await fetch(baseUrl + path, { headers });
      await res.arrayBuffer();
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get("cache-control"), `${path} ${Object.keys(headers).join()}`).toBe("private, no-store");
    }
  });
});

describe("Content-Security-Policy", () => {
  async function page(path: string, cookie?: string) {
    const res = await fetch(baseUrl + path, { headers: cookie ? { cookie } : {} });
    return { res, html: await res.text(), csp: res.headers.get("content-security-policy") ?? "" };
  }

  it.each(["/", "/signin", `/c/__slug__/leaderboard?phase=test`])("%s runs only scripts with this response's nonce", async (template) => {
    const path = template.replace("__slug__", ch.slug);
    const first = await page(path);
    expect(first.res.status).toBe(200);
    const scriptSrc = /script-src ([^;]*)/.exec(first.csp)?.[1] ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
    expect(nonce, first.csp).toBeTruthy();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(first.csp).toContain("frame-ancestors 'none'");
    expect(first.csp).toContain("object-src 'none'");
    expect(first.csp).toContain("base-uri 'self'");
    const scripts = [...first.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await page(path);
    expect(second.csp).not.toContain(`'nonce-${nonce}'`);
  });

  it("a signed-in organizer page gets the policy too; no HSTS over plain http", async () => {
    const { res, csp } = await page(`/c/${ch.slug}/manage`, await sessionCookieFor(ch.organizer.id));
    expect(res.status).toBe(200);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
