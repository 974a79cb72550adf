import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createChallenge, createTeam, createUser } from "../helpers/factories";
import { sessionCookieFor } from "../helpers/auth";
import { postCredentials, randomIp } from "./auth-http";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

const SESSION_COOKIE = "next-auth.session-token";
const email = () => `http-${randomUUID().slice(0, 8)}@example.test`;
const PASSWORD = "correct horse 42";

async function me(headers: Record<string, string>) {
  return fetch(`${baseUrl}/api/v1/me`, { headers });
}

describe("sign-up and sign-in through next-auth's handlers", () => {
  it("signs up, then signs in (as the form does), gets a session cookie, and is then known to the API", async () => {
    const address = email();
    const signUp = await postCredentials(baseUrl, "signup", { email: address.toUpperCase(), password: PASSWORD, name: "Ada" });
    // One answer for free and taken emails (test/security/user-enumeration.http.test.ts): nobody is signed in by it.
    expect(signUp.error).toBe("SignUpReceived");
    expect(signUp.jar.has(SESSION_COOKIE)).toBe(false);
    const { res, jar, error } = await postCredentials(baseUrl, "credentials", { email: address, password: PASSWORD });
    expect(error).toBeNull();
    expect(res.status).toBe(200);
    expect(jar.has(SESSION_COOKIE)).toBe(true);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const user = await prisma.user.findUniqueOrThrow({ where: { email: address } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const whoami = await me({ cookie: jar.header() });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ id: user.id, email: address, role: "USER", teams: [] });
  });

  it("refuses a weak password with the reason; a taken email gets the neutral answer", async () => {
    const address = email();
    const weak = await postCredentials(baseUrl, "signup", { email: address, password: "short" });
    expect(weak.res.status).toBe(401);
    expect(weak.error).toMatch(/at least 10/);
    expect(weak.jar.has(SESSION_COOKIE)).toBe(false);

    await postCredentials(baseUrl, "signup", { email: address, password: PASSWORD });
    const taken = await postCredentials(baseUrl, "signup", { email: address, password: PASSWORD });
    expect(taken.error).toBe("SignUpReceived");
  });

  it("signs in with the right password and refuses a wrong one", async () => {
    const user = await createUser({ password: PASSWORD });
    const ok = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD });
    expect(ok.error).toBeNull();
    expect((await (await me({ cookie: ok.jar.header() })).json()).id).toBe(user.id);

    const wrong = await postCredentials(baseUrl, "credentials", { email: user.email, password: "wrong horse 42" });
    expect(wrong.res.status).toBe(401);
    expect(wrong.error).toBe("CredentialsSignin");
    expect(wrong.jar.has(SESSION_COOKIE)).toBe(false);
    const unknown = await postCredentials(baseUrl, "credentials", { email: email(), password: PASSWORD });
    expect(unknown.error).toBe("CredentialsSignin");
  });

  it("backs off failed sign-ins to an account from one address with 429 and Retry-After", async () => {
    const user = await createUser({ password: PASSWORD });
    const ip = randomIp();
    const free = Number(process.env.AUTH_SIGNIN_FREE_FAILURES ?? 5);
    for (let i = 0; i <= free; i++) {
      const attempt = await postCredentials(baseUrl, "credentials", { email: user.email, password: `wrong ${i} horse` }, { ip });
      expect(attempt.res.status).toBe(401);
    }
    // Now even the right password waits, from this address: that is what slows guessing.
    const limited = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD }, { ip });
    expect(limited.res.status).toBe(429);
    expect(Number(limited.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.error?.code).toBe("rate_limited");
    expect(limited.body.error?.message).toMatch(/Too many failed sign-in attempts for this account\. Try again in/);
    expect(limited.jar.has(SESSION_COOKIE)).toBe(false);
  });

  it("signs out", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar } = await postCredentials(baseUrl, "credentials", { email: user.email, password: PASSWORD });
    const csrf = (await (await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } })).json()) as { csrfToken: string };
    const res = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
    });
    jar.absorb(res);
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect((await me({ cookie: jar.header() })).status).toBe(401);
  });
});

describe("API tokens over HTTP", () => {
  it("authenticate /api/v1 requests until revoked, then get 401 invalid_token", async () => {
    const user = await createUser();
    const { token, id } = await createApiToken(user.id, "http test");
    const ok = await me({ authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect((await ok.json()).email).toBe(user.email);

    await revokeApiToken(user.viewer, id);
    const revoked = await me({ authorization: `Bearer ${token}` });
    expect(revoked.status).toBe(401);
    const body = await revoked.json();
    expect(body.error.code).toBe("invalid_token");
    expect(body.error.message).toMatch(/revoked/);

    const unknown = await me({ authorization: `Bearer mb_${"Z".repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe("invalid_token");
    const anonymous = await me({});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthenticated");
  });
});

describe("teams API", () => {
  it("creates a team and registers it once per challenge", async () => {
    const user = await createUser();
    const auth = { authorization: `Bearer ${(await createApiToken(user.id, "t")).token}`, "content-type": "application/json" };
    const challenge = await createChallenge();

    const created = await fetch(`${baseUrl}/api/v1/teams`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Pixel Pushers" }),
    });
    expect(created.status).toBe(201);
    const team = await created.json();
    expect(team).toMatchObject({ name: "Pixel Pushers", slug: expect.stringMatching(/^pixel-pushers/), id: expect.any(String) });

    const register = () =>
      fetch(`${baseUrl}/api/v1/challenges/${challenge.slug}/register`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ team: team.slug }),
      });
    expect((await register()).status).toBe(201);
    expect((await register()).status).toBe(200);

    const other = await (
      await fetch(`${baseUrl}/api/v1/teams`, { method: "POST", headers: auth, body: JSON.stringify({ name: "Second Team" }) })
    ).json();
    const second = await fetch(`${baseUrl}/api/v1/challenges/${challenge.slug}/register`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ team: other.slug }),
    });
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe("already_participating");
  });

  it("answers bad input with a specific 400", async () => {
    const user = await createUser();
    const auth = { authorization: `Bearer ${(await createApiToken(user.id, "t")).token}`, "content-type": "application/json" };
    const noName = await fetch(`${baseUrl}/api/v1/teams`, { method: "POST", headers: auth, body: "{}" });
    expect(noName.status).toBe(400);
    expect((await noName.json()).error.message).toMatch(/name/);
    const notJson = await fetch(`${baseUrl}/api/v1/teams`, { method: "POST", headers: auth, body: "{nope" });
    expect((await notJson.json()).error.code).toBe("invalid_json");
  });
});

describe("CSRF", () => {
  it("refuses a cross-site cookie-authenticated POST with 403 and accepts the same-origin one", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    const post = (headers: Record<string, string>) =>
      fetch(`${baseUrl}/api/v1/teams`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ name: `Csrf ${randomUUID().slice(0, 6)}` }),
      });
    const crossSite = await post({ origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.message).toMatch(/Cross-site request refused/);
    expect(await prisma.teamMembership.count({ where: { userId: user.id } })).toBe(0);

    const sameOrigin = await post({ origin: new URL(baseUrl).origin, "sec-fetch-site": "same-origin" });
    expect(sameOrigin.status).toBe(201);
  });
});

describe("team pages", () => {
  it("show members to members and nothing private to outsiders", async () => {
    const owner = await createUser();
    const member = await createUser();
    const outsider = await createUser();
    const team = await createTeam(owner, { members: [member] });
    const page = async (userId: string | null) => {
      const res = await fetch(`${baseUrl}/teams/${team.slug}`, { headers: userId ? { cookie: await sessionCookieFor(userId) } : {} });
      expect(res.status).toBe(200);
      return res.text();
    };
    const asMember = await page(member.id);
    expect(asMember).toContain(owner.email);
    expect(asMember).toContain(member.email);
    for (const html of [await page(outsider.id), await page(null)]) {
      expect(html).toContain(team.name);
      expect(html).not.toContain(owner.email);
      expect(html).not.toContain(member.email);
    }
  });
});

describe("CSRF on server actions (Next's own Origin check)", () => {
  // A cross-site attack is a plain HTML form posted from another origin; replay exactly that:
  // the no-JavaScript form of "Create token", with the victim's cookie, from evil.example.
  async function postCreateTokenForm(cookie: string, origin: string): Promise<Response> {
    const html = await (await fetch(`${baseUrl}/settings/tokens`, { headers: { cookie } })).text();
    const form = /<form[^>]*>((?:<input[^>]*>)+)/.exec(html);
    expect(form, "the create-token form renders its progressive-enhancement fields").not.toBeNull();
    const body = new FormData();
    for (const input of form![1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
      body.append(input[1], (input[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
    }
    body.append("name", "planted by a cross-site form");
    return fetch(`${baseUrl}/settings/tokens`, { method: "POST", redirect: "manual", headers: { cookie, origin }, body });
  }

  it("refuses a cross-site form post to a server action, and accepts the same-origin one", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    const crossSite = await postCreateTokenForm(cookie, "https://evil.example");
    expect(crossSite.status).toBeGreaterThanOrEqual(400);
    expect(await prisma.apiToken.count({ where: { userId: user.id } })).toBe(0);

    const sameOrigin = await postCreateTokenForm(cookie, new URL(baseUrl).origin);
    expect(sameOrigin.status).toBeLessThan(400);
    expect(await prisma.apiToken.count({ where: { userId: user.id } })).toBe(1);
  });
});
