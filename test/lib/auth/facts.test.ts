import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { loadChallengeFacts, loadChallengeFactsBySlug, loadTeamFacts } from "@/lib/auth/facts";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createChallenge, createTeam, createUser, registerTeam } from "../../helpers/factories";

describe("loadChallengeFacts", () => {
  it("gathers organizer, admin, participation and status for each kind of viewer", async () => {
    const organizer = await createUser();
    const member = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const outsider = await createUser();
    const challenge = await createChallenge({ status: "DRAFT", organizer });
    const team = await createTeam(member);
    const { participantId } = await registerTeam(challenge, team);

    expect(await loadChallengeFacts(organizer.viewer, challenge.id)).toEqual({
      challengeId: challenge.id,
      slug: challenge.slug,
      status: "DRAFT",
      isOrganizer: true,
      isAdmin: false,
      participantId: null,
      participantTeamId: null,
      isDisqualified: false,
    });
    expect(await loadChallengeFactsBySlug(member.viewer, challenge.slug)).toMatchObject({
      isOrganizer: false,
      participantId,
      participantTeamId: team.id,
      isDisqualified: false,
    });
    expect(await loadChallengeFacts(admin.viewer, challenge.id)).toMatchObject({ isAdmin: true, isOrganizer: false });
    expect(await loadChallengeFacts(outsider.viewer, challenge.id)).toMatchObject({ isOrganizer: false, participantId: null });
    expect(await loadChallengeFacts(anonymousViewer, challenge.id)).toMatchObject({
      isOrganizer: false,
      isAdmin: false,
      participantId: null,
    });

    await prisma.challengeParticipant.update({ where: { id: participantId }, data: { disqualifiedAt: new Date() } });
    expect(await loadChallengeFacts(member.viewer, challenge.id)).toMatchObject({ isDisqualified: true });
  });

  it("returns null for unknown challenges and teams", async () => {
    expect(await loadChallengeFacts(anonymousViewer, "nope")).toBeNull();
    expect(await loadChallengeFactsBySlug(anonymousViewer, "nope")).toBeNull();
    expect(await loadTeamFacts(anonymousViewer, "nope")).toBeNull();
  });
});

describe("loadTeamFacts", () => {
  it("gives the viewer's role in the team", async () => {
    const owner = await createUser();
    const member = await createUser();
    const outsider = await createUser();
    const team = await createTeam(owner, { members: [member] });
    expect(await loadTeamFacts(owner.viewer, team.id)).toEqual({ teamId: team.id, viewerRole: "OWNER" });
    expect(await loadTeamFacts(member.viewer, team.id)).toEqual({ teamId: team.id, viewerRole: "MEMBER" });
    expect(await loadTeamFacts(outsider.viewer, team.id)).toEqual({ teamId: team.id, viewerRole: null });
    expect(await loadTeamFacts(anonymousViewer, team.id)).toEqual({ teamId: team.id, viewerRole: null });
  });
});
