import { describe, expect, it } from "vitest";
import { optionalProviders } from "@/lib/auth/options";

const none = {
  GITHUB_ID: undefined,
  GITHUB_SECRET: undefined,
  OIDC_ISSUER: undefined,
  OIDC_CLIENT_ID: undefined,
  OIDC_CLIENT_SECRET: undefined,
  OIDC_NAME: undefined,
};

describe("optional sign-in providers", () => {
  it("are off without their variables", () => {
    expect(optionalProviders(none)).toEqual([]);
  });

  it("switch on GitHub and OIDC when configured", () => {
    const providers = optionalProviders({
      ...none,
      GITHUB_ID: "gh-id",
      GITHUB_SECRET: "gh-secret",
      OIDC_ISSUER: "https://sso.example.org/realms/lab/",
      OIDC_CLIENT_ID: "maskboard",
      OIDC_CLIENT_SECRET: "s3cret",
      OIDC_NAME: "Lab SSO",
    });
    expect(providers.map((p) => [p.id, p.name])).toEqual([
      ["github", "GitHub"],
      ["oidc", "Lab SSO"],
    ]);
    expect(providers[1]).toMatchObject({
      wellKnown: "https://sso.example.org/realms/lab/.well-known/openid-configuration",
      idToken: true,
      checks: ["pkce", "state"],
    });
  });
});
