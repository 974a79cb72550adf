import "server-only";
import { loadTeamFacts } from "@/lib/auth/facts";
import { canManageChallenge, canRegisterTeam, isActiveParticipant, type ChallengeFacts } from "@/lib/auth/policy";
import { isSignedIn, type Viewer } from "@/lib/auth/viewer";
import { listTeamsOfUser } from "@/lib/teams";

/**
 * The next step the challenge page offers this viewer to take part: every visitor should see how to get from
 * reading about a challenge to submitting to it.
 */
export type ParticipationStep =
  | { kind: "sign-in" }
  | { kind: "create-team" }
  | { kind: "register"; teams: { slug: string; name: string }[] }
  /** The viewer's teams exist but only their owners may register them. */
  | { kind: "ask-owner"; teams: { slug: string; name: string }[] }
  | { kind: "submit" }
  | { kind: "organizer" }
  | { kind: "disqualified" }
  /** Drafts and archived challenges take no registrations. */
  | { kind: "closed" };

export async function nextParticipationStep(viewer: Viewer, facts: ChallengeFacts): Promise<ParticipationStep> {
  if (canManageChallenge(viewer, facts)) return { kind: "organizer" };
  if (facts.participantTeamId !== null) return isActiveParticipant(viewer, facts) ? { kind: "submit" } : { kind: "disqualified" };
  if (facts.status !== "PUBLISHED") return { kind: "closed" };
  if (!isSignedIn(viewer)) return { kind: "sign-in" };
  const teams = await listTeamsOfUser(viewer.userId);
  if (teams.length === 0) return { kind: "create-team" };
  const registrable: { slug: string; name: string }[] = [];
  for (const team of teams) {
    const teamFacts = await loadTeamFacts(viewer, team.id);
    if (teamFacts && canRegisterTeam(viewer, facts, teamFacts)) registrable.push({ slug: team.slug, name: team.name });
  }
  if (registrable.length > 0) return { kind: "register", teams: registrable };
  return { kind: "ask-owner", teams: teams.map((t) => ({ slug: t.slug, name: t.name })) };
}
