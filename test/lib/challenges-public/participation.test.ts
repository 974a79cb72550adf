import { describe, expect, it } from "vitest";
import { anonymousViewer, type Viewer } from "@/lib/auth/viewer";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { nextParticipationStep } from "@/lib/challenges-public/participation";
import { createChallenge, createTeam, createUser, registerTeam } from "../../helpers/factories";

async function stepFor(viewer: Viewer, challengeId: string) {
  const facts = await loadChallengeFacts(viewer, challengeId);
  if (!facts) throw new Error("challenge facts missing");
  return nextParticipationStep(viewer, facts);
}

describe("the challenge page's next participation step", () => {
  it("leads from signing in to creating a team, registering it and submitting", async () => {
    const challenge = await createChallenge();
    expect(await stepFor(anonymousViewer, challenge.id)).toEqual({ kind: "sign-in" });

    const owner = await createUser();
    expect(await stepFor(owner.viewer, challenge.id)).toEqual({ kind: "create-team" });

    const member = await createUser();
    const team = await createTeam(owner, { members: [member] });
    expect(await stepFor(owner.viewer, challenge.id)).toEqual({ kind: "register", teams: [{ slug: team.slug, name: team.name }] });
    expect(await stepFor(member.viewer, challenge.id)).toEqual({ kind: "ask-owner", teams: [{ slug: team.slug, name: team.name }] });

    await registerTeam(challenge, team);
    expect(await stepFor(owner.viewer, challenge.id)).toEqual({ kind: "submit" });
    expect(await stepFor(member.viewer, challenge.id)).toEqual({ kind: "submit" });
  });

  it("offers organizers their own tools and archived challenges no registration", async () => {
    const organizer = await createUser();
    const challenge = await createChallenge({ organizer });
    expect(await stepFor(organizer.viewer, challenge.id)).toEqual({ kind: "organizer" });

    const archived = await createChallenge({ status: "ARCHIVED" });
    const owner = await createUser();
    await createTeam(owner);
    expect(await stepFor(owner.viewer, archived.id)).toEqual({ kind: "closed" });
  });
});
