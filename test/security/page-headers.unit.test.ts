// The page security headers proxy.ts sends (lib/security/headers.ts): scripts only with the nonce,
// HSTS only over https.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, newNonce, pageSecurityHeaders } from "@/lib/security/headers";

describe("page security headers", () => {
  it("scripts need the nonce; no inline or eval outside development", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", development: false });
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ nonce: "n", development: true })).toContain("'unsafe-eval'");
  });

  it("sends HSTS only when the site is https", () => {
    expect(pageSecurityHeaders({ nonce: "n", https: true, development: false })["Strict-Transport-Security"]).toBe(
      `max-age=${HSTS_MAX_AGE_SECONDS}`,
    );
    expect(pageSecurityHeaders({ nonce: "n", https: false, development: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("nonces are fresh", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
  });
});
