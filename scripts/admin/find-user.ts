import { prisma } from "@/lib/db";
import { normalizeEmail } from "@/lib/auth/emails";
import { UsageError } from "./command";

export async function findUserIdByEmail(email: string | undefined): Promise<{ id: string; email: string }> {
  if (!email) throw new UsageError("--email is required");
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true, email: true } });
  if (!user) throw new UsageError(`no user with email ${normalizeEmail(email)} (create one with create-user)`);
  return user;
}
