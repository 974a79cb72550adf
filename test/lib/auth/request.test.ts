import { describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { AuthError } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createUser } from "../../helpers/factories";
import { sessionCookieFor } from "../../helpers/auth";

const site = new URL(env.NEXTAUTH_URL);
const url = new URL("/api/v1/teams", site).toString();

async function refusal(req: Request): Promise<AuthError> {
  const err = await authenticateRequest(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

describe("authenticateRequest", () => {
  it("is anonymous without credentials", async () => {
    expect(await authenticateRequest(new Request(url))).toEqual(anonymousViewer);
  });

  it("accepts a Bearer API token and refuses a revoked one with 401 invalid_token", async () => {
    const user = await createUser();
    const { token, id } = await createApiToken(user.id, "t");
    const req = () => new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, origin: "https://evil.example" } });
    // Token-authenticated requests carry no ambient credentials: no CSRF check applies.
    expect((await authenticateRequest(req())).userId).toBe(user.id);
    await revokeApiToken(user.viewer, id);
    const err = await refusal(req());
    expect([err.status, err.code]).toEqual([401, "invalid_token"]);
  });

  it("refuses a malformed Authorization header instead of falling back to the cookie", async () => {
    const user = await createUser();
    const err = await refusal(new Request(url, { headers: { authorization: "Token abc", cookie: await sessionCookieFor(user.id) } }));
    expect([err.status, err.code]).toEqual([401, "invalid_token"]);
  });

  it("accepts the session cookie, and ignores a forged one", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    expect((await authenticateRequest(new Request(url, { headers: { cookie } }))).userId).toBe(user.id);
    const forged = cookie.slice(0, -4) + "AAAA";
    expect(await authenticateRequest(new Request(url, { headers: { cookie: forged } }))).toEqual(anonymousViewer);
  });

  describe("CSRF: cookie-authenticated mutations must come from this site", () => {
    it("refuses a cross-site POST (Origin and Sec-Fetch-Site) with 403", async () => {
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id);
      const byOrigin = await refusal(new Request(url, { method: "POST", headers: { cookie, origin: "https://evil.example" } }));
      expect(byOrigin.status).toBe(403);
      expect(byOrigin.message).toMatch(/Cross-site request refused/);
      const byFetchSite = await refusal(
        new Request(url, { method: "DELETE", headers: { cookie, "sec-fetch-site": "cross-site", origin: site.origin } }),
      );
      expect(byFetchSite.status).toBe(403);
    });

    it("allows same-origin mutations, cross-site reads and non-browser clients", async () => {
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id);
      const sameOrigin = new Request(url, { method: "POST", headers: { cookie, origin: site.origin, "sec-fetch-site": "same-origin" } });
      expect((await authenticateRequest(sameOrigin)).userId).toBe(user.id);
      const viaHost = new Request("http://127.0.0.1:3999/api/v1/teams", {
        method: "POST",
        headers: { cookie, origin: "http://127.0.0.1:3999", host: "127.0.0.1:3999" },
      });
      expect((await authenticateRequest(viaHost)).userId).toBe(user.id);
      const crossSiteRead = new Request(url, { headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
      expect((await authenticateRequest(crossSiteRead)).userId).toBe(user.id);
      const curl = new Request(url, { method: "POST", headers: { cookie } });
      expect((await authenticateRequest(curl)).userId).toBe(user.id);
    });
  });
});
