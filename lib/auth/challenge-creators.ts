import "server-only";
import { prisma } from "@/lib/db";
import { normalizeEmail } from "./emails";
import { denial, notFound } from "./errors";
import { canGrantChallengeCreation } from "./policy/challenge";
import type { Viewer } from "./viewer";

/** A site admin grants (or takes back) a user's right to create challenges. */
export async function setChallengeCreationRight(
  viewer: Viewer,
  email: string,
  allowed: boolean,
): Promise<{ userId: string; email: string; canCreateChallenges: boolean }> {
  if (!canGrantChallengeCreation(viewer)) {
    throw denial(viewer, { canSee: true, what: "User", action: "grant the right to create challenges (site admins only)" });
  }
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw notFound(`No user with email ${normalizeEmail(email)}.`);
  const updated = await prisma.user.update({
    where: { id: user.id },
    data: { canCreateChallenges: allowed },
    select: { id: true, email: true, canCreateChallenges: true },
  });
  return { userId: updated.id, email: updated.email, canCreateChallenges: updated.canCreateChallenges };
}
