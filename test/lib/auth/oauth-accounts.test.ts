import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { resolveOAuthUser } from "@/lib/auth/oauth-accounts";
import { createUser, uniqueSuffix } from "../../helpers/factories";

const account = (providerAccountId: string) => ({
  provider: "github",
  type: "oauth" as const,
  providerAccountId,
});

describe("GitHub/OIDC sign-in", () => {
  it("creates a user on first sign-in and finds it again through the account link", async () => {
    const id = uniqueSuffix();
    const email = `Gh-${id}@Example.test`;
    const first = await resolveOAuthUser({ id, email, name: "Octo" }, account(id));
    expect(first).toMatchObject({ userId: expect.any(String) });
    const userId = (first as { userId: string }).userId;
    expect(await prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({
      email: email.toLowerCase(),
      passwordHash: null,
    });

    // The provider's email may change later; the link still identifies the user.
    expect(await resolveOAuthUser({ id, email: `changed-${id}@example.test` }, account(id))).toEqual({ userId });
  });

  it("never takes over an existing password account by matching email", async () => {
    const existing = await createUser();
    const result = await resolveOAuthUser({ id: "x", email: existing.email }, account(`victim-${uniqueSuffix()}`));
    expect(result).toEqual({ error: expect.stringMatching(/already exists\. Sign in with your password/), code: "OAuthAccountNotLinked" });
    expect(await prisma.account.count({ where: { userId: existing.id } })).toBe(0);
  });

  it("needs an email from the provider", async () => {
    const result = await resolveOAuthUser({ id: "y", email: null }, account(`noemail-${uniqueSuffix()}`));
    expect(result).toEqual({ error: expect.stringMatching(/did not share an email/), code: "OAuthNoEmail" });
  });
});
