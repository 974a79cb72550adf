import { describe, expect, it } from "vitest";
import { API_TOKEN_LENGTH, displayPrefix, generateApiTokenSecret, hashApiToken, looksLikeApiToken } from "@/lib/auth/token-format";

describe("API token format", () => {
  it("is mb_ followed by 32 random bytes in base64url", () => {
    const token = generateApiTokenSecret();
    expect(token).toMatch(/^mb_[A-Za-z0-9_-]{43}$/);
    expect(token).toHaveLength(API_TOKEN_LENGTH);
    expect(Buffer.from(token.slice(3), "base64url")).toHaveLength(32);
    expect(looksLikeApiToken(token)).toBe(true);
  });

  it("never repeats", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateApiTokenSecret));
    expect(tokens.size).toBe(200);
  });

  it("is stored as its sha256 and displayed by a short prefix", () => {
    const token = "mb_" + "A".repeat(43);
    expect(hashApiToken(token)).toBe("9828201ba574d4f18bfb7539ec7c476c0927adc6972e092b03d5b7ebf66b2ac2");
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(token)).not.toBe(hashApiToken(token.replace(/A$/, "B")));
    expect(displayPrefix(token)).toBe("mb_AAAAAAAA");
  });

  it("rejects things that are not tokens", () => {
    for (const bad of ["", "mb_", "mb_short", "xx_" + "A".repeat(43), "mb_" + "A".repeat(42) + "="]) {
      expect(looksLikeApiToken(bad)).toBe(false);
    }
  });
});
