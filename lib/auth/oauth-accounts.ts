import "server-only";
import type { Account, Profile, User } from "next-auth";
import { prisma } from "@/lib/db";
import { normalizeEmail } from "./emails";

/**
 * Finds or creates the Maskboard user for a GitHub/OIDC sign-in and records the account link. An
 * existing account is linked only through a previous link, never by matching email alone: otherwise
 * anyone who controls that email at some provider could take over a password account.
 * Returns the user id, or an error message and the code the sign-in page shows it by (?error=<code>).
 */
export async function resolveOAuthUser(
  user: User,
  account: Account,
  _profile?: Profile,
): Promise<{ userId: string } | { error: string; code: "OAuthNoEmail" | "OAuthAccountNotLinked" }> {
  const link = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
    select: { userId: true },
  });
  if (link) return { userId: link.userId };
  if (!user.email) {
    return {
      error: `Your ${account.provider} account did not share an email address; make one visible and try again.`,
      code: "OAuthNoEmail",
    };
  }
  const email = normalizeEmail(user.email);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    return { error: `An account for ${email} already exists. Sign in with your password instead.`, code: "OAuthAccountNotLinked" };
  }
  const created = await prisma.user.create({
    data: {
      email,
      name: user.name ?? null,
      image: user.image ?? null,
      accounts: {
        create: {
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          scope: account.scope ?? null,
          token_type: account.token_type ?? null,
        },
      },
    },
    select: { id: true },
  });
  return { userId: created.id };
}
