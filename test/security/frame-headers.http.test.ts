// Clickjacking: no page may be framed by another site, or a framed organizer page could be clicked
// into releasing a private split (same-site clicks pass the CSRF checks).
import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";

let baseUrl: string;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

describe("framing and sniffing headers", () => {
  it.each(["/", "/signin", "/manage", "/api/health", "/c/no-such-challenge"])("%s refuses to be framed", async (path) => {
    const res = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
