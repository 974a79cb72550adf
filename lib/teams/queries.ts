import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/auth/errors";
import { loadTeamFacts } from "@/lib/auth/facts";
import { canManageTeam, canViewTeamPrivateData, type TeamFacts } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";

export async function listTeamsOfUser(userId: string) {
  const memberships = await prisma.teamMembership.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: {
      role: true,
      team: { select: { id: true, slug: true, name: true, _count: { select: { memberships: true, participants: true } } } },
    },
  });
  return memberships.map((m) => ({
    id: m.team.id,
    slug: m.team.slug,
    name: m.team.name,
    role: m.role,
    memberCount: m.team._count.memberships,
    challengeCount: m.team._count.participants,
  }));
}

export type TeamPage = {
  team: { id: string; slug: string; name: string; createdAt: Date };
  facts: TeamFacts;
  canManage: boolean;
  /** Null for viewers outside the team: members and registrations are private. */
  members: { userId: string; email: string; name: string | null; role: "OWNER" | "MEMBER"; joinedAt: Date }[] | null;
  challenges: { slug: string; title: string; status: string; registeredAt: Date; disqualified: boolean }[] | null;
};

/** The team page's data, cut down to what this viewer may see; 404 for unknown teams. */
export async function loadTeamPage(viewer: Viewer, slug: string): Promise<TeamPage> {
  const team = await prisma.team.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, createdAt: true } });
  const facts = team ? await loadTeamFacts(viewer, team.id) : null;
  if (!team || !facts) throw notFound(`Team "${slug}" not found.`);
  if (!canViewTeamPrivateData(viewer, facts)) {
    return { team, facts, canManage: false, members: null, challenges: null };
  }
  const [members, registrations] = await Promise.all([
    prisma.teamMembership.findMany({
      where: { teamId: team.id },
      orderBy: [{ role: "asc" }, { joinedAt: "asc" }],
      select: { role: true, joinedAt: true, user: { select: { id: true, email: true, name: true } } },
    }),
    prisma.challengeParticipant.findMany({
      where: { teamId: team.id },
      orderBy: { registeredAt: "desc" },
      select: { registeredAt: true, disqualifiedAt: true, challenge: { select: { slug: true, title: true, status: true } } },
    }),
  ]);
  return {
    team,
    facts,
    canManage: canManageTeam(viewer, facts),
    members: members.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.joinedAt })),
    challenges: registrations.map((r) => ({
      slug: r.challenge.slug,
      title: r.challenge.title,
      status: r.challenge.status,
      registeredAt: r.registeredAt,
      disqualified: r.disqualifiedAt !== null,
    })),
  };
}

/** Published challenges the team has not registered for yet (the team page offers them). */
export async function listChallengesOpenToTeam(teamId: string) {
  return prisma.challenge.findMany({
    where: { status: "PUBLISHED", participants: { none: { teamId } } },
    orderBy: { createdAt: "desc" },
    select: { slug: true, title: true },
    take: 200,
  });
}
