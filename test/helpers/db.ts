// Test data helpers. Test files of a run share one database: make every unique value unique.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";

/** A short unique suffix for slugs, emails and names: `team-${uniqueSuffix()}`. */
export function uniqueSuffix(): string {
  return randomUUID().replaceAll("-", "").slice(0, 12);
}

/** A user with a unique email (no password; sign in through the accounts helpers where needed). */
export function createTestUser(data: Partial<Pick<User, "name" | "role" | "canCreateChallenges" | "passwordHash">> = {}): Promise<User> {
  const suffix = uniqueSuffix();
  return prisma.user.create({ data: { email: `user-${suffix}@example.test`, name: `User ${suffix}`, ...data } });
}
