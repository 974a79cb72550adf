import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "./errors";
import { canAdministerUsers } from "./policy/site-admin";
import type { Viewer } from "./viewer";

export type DirectoryUser = {
  id: string;
  email: string;
  name: string | null;
  role: "USER" | "ADMIN";
  canCreateChallenges: boolean;
  createdAt: Date;
};

/** Rows shown per page; a search by email narrows a long list. */
export const DIRECTORY_PAGE_SIZE = 200;

/**
 * Site admins list users, newest first, optionally those whose email contains `emailQuery`.
 * Everyone else gets 404: the page does not admit that it exists.
 */
export async function listUsersForAdmin(viewer: Viewer, emailQuery = ""): Promise<{ users: DirectoryUser[]; total: number }> {
  if (!canAdministerUsers(viewer)) throw notFound("Page not found.");
  const query = emailQuery.trim().toLowerCase();
  const where = query ? { email: { contains: query, mode: "insensitive" as const } } : {};
  const [users, total] = await Promise.all([
    prisma.user.findMany({
      where,
      select: { id: true, email: true, name: true, role: true, canCreateChallenges: true, createdAt: true },
      orderBy: [{ createdAt: "desc" }, { email: "asc" }],
      take: DIRECTORY_PAGE_SIZE,
    }),
    prisma.user.count({ where }),
  ]);
  return { users, total };
}
