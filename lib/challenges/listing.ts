import "server-only";
import { prisma } from "@/lib/db";
import { isAdmin, type Viewer } from "@/lib/auth/viewer";

/** The challenges the viewer may manage: those they organize (all of them for site admins). */
export async function managedChallenges(viewer: Viewer) {
  if (!viewer.userId) return [];
  return prisma.challenge.findMany({
    where: isAdmin(viewer) ? {} : { organizers: { some: { userId: viewer.userId } } },
    orderBy: { updatedAt: "desc" },
    select: { id: true, slug: true, title: true, status: true, updatedAt: true, _count: { select: { phases: true } } },
  });
}
