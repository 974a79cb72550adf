// next-auth's callbackUrl cannot crash the auth routes (500) or lead off the site.
import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { createUser } from "../helpers/factories";

let baseUrl: string;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

describe("callbackUrl", () => {
  const evil = () => `http://${new URL(baseUrl).host}.evil.example/`;

  it("an unparsable callbackUrl on next-auth's sign-in route is a clean redirect, not a 500 or an error page", async () => {
    const res = await fetch(`${baseUrl}/api/auth/signin?callbackUrl=${encodeURIComponent(evil())}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "", baseUrl);
    expect(location.href).not.toContain("evil.example");
    expect(location.origin).toBe(new URL(baseUrl).origin);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("error")).toBeNull();
  });

  it.each(["session", "csrf", "providers"])("/api/auth/%s with an off-site callbackUrl answers normally", async (route) => {
    for (const target of [evil(), "https://evil.example/", "//evil.example"]) {
      const res = await fetch(`${baseUrl}/api/auth/${route}?callbackUrl=${encodeURIComponent(target)}`, { redirect: "manual" });
      expect(res.status, target).toBe(200);
      expect(res.headers.getSetCookie().join("\n")).not.toContain("evil.example");
    }
  });

  it.each([() => `http://${new URL(baseUrl).host}.evil.example/`, () => "https://evil.example/", () => "//evil.example/x"])(
    "the sign-in page sends a signed-in viewer home for %#",
    async (target) => {
      const user = await createUser();
      const res = await fetch(`${baseUrl}/signin?callbackUrl=${encodeURIComponent(target())}`, {
        headers: { cookie: await sessionCookieFor(user.id) },
        redirect: "manual",
      });
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(400);
      expect(new URL(res.headers.get("location") ?? "", baseUrl).href).toBe(`${baseUrl}/`);
    },
  );
});
