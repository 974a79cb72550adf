import "server-only";
import { prisma } from "@/lib/db";
import type { ChallengeFacts } from "./policy/challenge";
import type { TeamFacts } from "./policy/team";
import { isAdmin, type Viewer } from "./viewer";

const challengeSelect = { id: true, slug: true, status: true } as const;

async function factsFor(
  viewer: Viewer,
  challenge: { id: string; slug: string; status: ChallengeFacts["status"] },
): Promise<ChallengeFacts> {
  const [organizer, heldOrActive] = viewer.userId
    ? await Promise.all([
        prisma.challengeOrganizer.findUnique({
          where: { challengeId_userId: { challengeId: challenge.id, userId: viewer.userId } },
          select: { userId: true },
        }),
        prisma.challengeParticipantMember.findUnique({
          where: { challengeId_userId: { challengeId: challenge.id, userId: viewer.userId } },
          select: { participantId: true, teamId: true, leftAt: true, participant: { select: { disqualifiedAt: true } } },
        }),
      ])
    : [null, null];
  // A member who left keeps the row (participation is sticky, lib/teams/membership.ts) but no longer
  // takes part: they cannot submit or see the team's entries through it.
  const participation = heldOrActive?.leftAt == null ? heldOrActive : null;
  return {
    challengeId: challenge.id,
    slug: challenge.slug,
    status: challenge.status,
    isOrganizer: organizer !== null,
    isAdmin: isAdmin(viewer),
    participantId: participation?.participantId ?? null,
    participantTeamId: participation?.teamId ?? null,
    isDisqualified: participation?.participant.disqualifiedAt != null,
  };
}

/** Everything the policy needs about a challenge for this viewer; null when no such challenge exists. */
export async function loadChallengeFacts(viewer: Viewer, challengeId: string): Promise<ChallengeFacts | null> {
  const challenge = await prisma.challenge.findUnique({ where: { id: challengeId }, select: challengeSelect });
  return challenge ? factsFor(viewer, challenge) : null;
}

export async function loadChallengeFactsBySlug(viewer: Viewer, slug: string): Promise<ChallengeFacts | null> {
  const challenge = await prisma.challenge.findUnique({ where: { slug }, select: challengeSelect });
  return challenge ? factsFor(viewer, challenge) : null;
}

/** The viewer's relation to a team; null when no such team exists. */
export async function loadTeamFacts(viewer: Viewer, teamId: string): Promise<TeamFacts | null> {
  const team = await prisma.team.findUnique({
    where: { id: teamId },
    select: { id: true, memberships: viewer.userId ? { where: { userId: viewer.userId }, select: { role: true } } : false },
  });
  if (!team) return null;
  const membership = (team.memberships as { role: "OWNER" | "MEMBER" }[] | undefined)?.[0];
  return { teamId: team.id, viewerRole: membership?.role ?? null };
}
