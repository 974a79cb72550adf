// Signing out ends the session on the server: a copy of the cookie taken before sign-out is refused
// afterwards by the API, by pages and by next-auth's own session endpoint (real server, real sign-in).
import { beforeAll, describe, expect, it } from "vitest";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createUser } from "../helpers/factories";
import { postCredentials } from "../api/auth-http";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

const PASSWORD = "correct horse 42";

async function signOut(cookie: string): Promise<Response> {
  const csrf = (await (await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie } })).json()) as { csrfToken: string };
  // next-auth's CSRF cookie is set by /api/auth/csrf; the jar already holds it from the sign-in.
  return fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
  });
}

describe("sessions end on the server", () => {
  it("a cookie saved before sign-out is refused after it", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar, error } = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD });
    expect(error).toBeNull();
    const saved = jar.header();

    const before = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: saved } });
    expect(before.status).toBe(200);
    const page = await fetch(`${baseUrl}/settings/tokens`, { headers: { cookie: saved }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Your tokens");

    expect((await signOut(saved)).status).toBe(200);

    const after = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: saved } });
    expect(after.status).toBe(401);
    const pageAfter = await fetch(`${baseUrl}/settings/tokens`, { headers: { cookie: saved }, redirect: "manual" });
    expect(pageAfter.status).toBeGreaterThanOrEqual(300);
    expect(pageAfter.status).toBeLessThan(400);
    expect(pageAfter.headers.get("location")).toMatch(/\/signin\?callbackUrl=/);
    // next-auth's session endpoint neither answers with the user nor re-issues the cookie.
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: saved } });
    expect(await session.json()).toEqual({});
  });

  it("signing out in one browser leaves the other browser's session alone", async () => {
    const user = await createUser({ password: PASSWORD });
    const first = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD });
    const second = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD });
    await signOut(first.jar.header());
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: first.jar.header() } })).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: second.jar.header() } })).status).toBe(200);
  });
});
