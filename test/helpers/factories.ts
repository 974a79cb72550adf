// Shared test factories: real rows in the per-run test database. Others may append functions.
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/passwords";
import type { SignedInViewer } from "@/lib/auth/viewer";

export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

export type TestUser = { id: string; email: string; password: string | null; viewer: SignedInViewer };

/** A user; pass `password` to be able to sign in with it (hashing costs ~50 ms, so it is opt-in). */
export async function createUser(
  opts: { role?: "USER" | "ADMIN"; email?: string; name?: string; password?: string; canCreateChallenges?: boolean } = {},
): Promise<TestUser> {
  const email = (opts.email ?? `user-${uniqueSuffix()}@example.test`).toLowerCase();
  const role = opts.role ?? "USER";
  const user = await prisma.user.create({
    data: {
      email,
      name: opts.name ?? null,
      role,
      canCreateChallenges: opts.canCreateChallenges ?? false,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
    },
    select: { id: true, email: true, role: true, canCreateChallenges: true },
  });
  return {
    id: user.id,
    email: user.email,
    password: opts.password ?? null,
    viewer: { userId: user.id, email: user.email, role: user.role, canCreateChallenges: user.canCreateChallenges },
  };
}

export type TestTeam = { id: string; slug: string; name: string };

/** A team owned by `owner`, with optional extra members. */
export async function createTeam(owner: { id: string }, opts: { name?: string; members?: { id: string }[] } = {}): Promise<TestTeam> {
  const suffix = uniqueSuffix();
  return prisma.team.create({
    data: {
      name: opts.name ?? `Team ${suffix}`,
      slug: `team-${suffix}`,
      memberships: {
        create: [
          { userId: owner.id, role: "OWNER" as const },
          ...(opts.members ?? []).map((m) => ({ userId: m.id, role: "MEMBER" as const })),
        ],
      },
    },
    select: { id: true, slug: true, name: true },
  });
}

export type TestChallenge = { id: string; slug: string; phaseId: string; phaseSlug: string };

/**
 * A challenge with one phase ("test", open from yesterday for 30 days unless given) and `organizer` as
 * its organizer.
 */
export async function createChallenge(
  opts: {
    status?: "DRAFT" | "PUBLISHED" | "ARCHIVED";
    organizer?: { id: string };
    slug?: string;
    title?: string;
    phase?: {
      slug?: string;
      startsAt?: Date;
      endsAt?: Date;
      maxSubmissionsPerDay?: number;
      maxSubmissionsTotal?: number;
      maxConcurrent?: number;
      maxFinalSelections?: number;
      leaderboardVisibility?: "PUBLIC" | "PARTICIPANTS" | "HIDDEN";
      privateReleased?: boolean;
    };
  } = {},
): Promise<TestChallenge> {
  const slug = opts.slug ?? `challenge-${uniqueSuffix()}`;
  const { slug: phaseSlug = "test", startsAt, endsAt, ...phaseRest } = opts.phase ?? {};
  const day = 24 * 3600_000;
  const challenge = await prisma.challenge.create({
    data: {
      slug,
      title: opts.title ?? `Challenge ${slug}`,
      status: opts.status ?? "PUBLISHED",
      organizers: opts.organizer ? { create: { userId: opts.organizer.id } } : undefined,
      phases: {
        create: {
          slug: phaseSlug,
          name: phaseSlug,
          startsAt: startsAt ?? new Date(Date.now() - day),
          endsAt: endsAt ?? new Date(Date.now() + 30 * day),
          ...phaseRest,
        },
      },
    },
    select: { id: true, slug: true, phases: { select: { id: true } } },
  });
  return { id: challenge.id, slug: challenge.slug, phaseId: challenge.phases[0].id, phaseSlug };
}

/** Registers a team for a challenge directly in the database (all its current members participate). */
export async function registerTeam(challenge: { id: string }, team: { id: string }): Promise<{ participantId: string }> {
  const members = await prisma.teamMembership.findMany({ where: { teamId: team.id }, select: { userId: true } });
  const participant = await prisma.challengeParticipant.create({
    data: { challengeId: challenge.id, teamId: team.id },
    select: { id: true },
  });
  await prisma.challengeParticipantMember.createMany({
    data: members.map((m) => ({ userId: m.userId, teamId: team.id, challengeId: challenge.id, participantId: participant.id })),
  });
  return { participantId: participant.id };
}
