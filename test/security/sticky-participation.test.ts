// Issue 11 item 6: disqualification and "one team per person per challenge" held only at a point in
// time. A member who left a team that had submitted (or was disqualified) stays bound to it in that
// challenge until an organizer releases them (audited).
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { isActiveParticipant } from "@/lib/auth/policy";
import { disqualifyTeam } from "@/lib/challenges/actions";
import {
  createInvite,
  joinTeamWithCode,
  leaveTeam,
  listHeldParticipations,
  registerTeamForChallenge,
  releaseHeldParticipation,
  removeMember,
  createTeam,
} from "@/lib/teams";
import { createChallenge, createTeam as teamOf, createUser, registerTeam, type TestChallenge, type TestTeam } from "../helpers/factories";

async function submitAs(challenge: TestChallenge, team: TestTeam, userId: string): Promise<void> {
  await prisma.submission.create({
    data: {
      phaseId: challenge.phaseId,
      teamId: team.id,
      userId,
      originalFilename: "r.json",
      storageKey: `sticky/${team.id}`,
      sha256: "0".repeat(64),
      byteSize: 2n,
      status: "FINISHED",
    },
  });
}

describe("sticky participation", () => {
  it("a member of a disqualified team who leaves cannot register a new team in that challenge", async () => {
    const owner = await createUser();
    const cheater = await createUser();
    const organizer = await createUser();
    const challenge = await createChallenge({ organizer });
    const team = await teamOf(owner, { members: [cheater] });
    await registerTeam(challenge, team);
    await disqualifyTeam(organizer.id, challenge.id, team.id, "shared accounts");

    await leaveTeam(cheater.viewer, team.id);
    const fresh = await createTeam(cheater.viewer, { name: `Fresh start ${Date.now()}` });
    const err = await registerTeamForChallenge(cheater.viewer, challenge.slug, fresh.slug).catch((e: Error) => e);
    expect(err).toMatchObject({ status: 409, code: "participation_held" });
    expect((err as Error).message).toContain(`left team "${team.name}"`);
    expect((err as Error).message).toMatch(/until an organizer .* releases them/);
    expect(await prisma.challengeParticipant.count({ where: { challengeId: challenge.id, teamId: fresh.id } })).toBe(0);
  });

  it("a member who submitted and leaves cannot join another registered team, nor submit for the old one", async () => {
    const ownerA = await createUser();
    const ownerB = await createUser();
    const mover = await createUser();
    const challenge = await createChallenge();
    const teamA = await teamOf(ownerA, { members: [mover] });
    const teamB = await teamOf(ownerB);
    await registerTeam(challenge, teamA);
    await registerTeam(challenge, teamB);
    await submitAs(challenge, teamA, mover.id);

    await leaveTeam(mover.viewer, teamA.id);
    const invite = await createInvite(ownerB.viewer, teamB.id);
    await expect(joinTeamWithCode(mover.viewer, invite.code)).rejects.toMatchObject({ status: 409, code: "participation_held" });
    expect(await prisma.teamMembership.count({ where: { teamId: teamB.id, userId: mover.id } })).toBe(0);

    // Bound, but no longer a participant: the old team's submissions are not theirs to make.
    const facts = (await loadChallengeFacts(mover.viewer, challenge.id))!;
    expect(facts.participantTeamId).toBeNull();
    expect(isActiveParticipant(mover.viewer, facts)).toBe(false);

    // Coming back to the team they left is allowed, and makes them a participant again.
    const back = await createInvite(ownerA.viewer, teamA.id);
    await joinTeamWithCode(mover.viewer, back.code);
    const row = await prisma.challengeParticipantMember.findUniqueOrThrow({
      where: { challengeId_userId: { challengeId: challenge.id, userId: mover.id } },
    });
    expect(row).toMatchObject({ teamId: teamA.id, leftAt: null });
  });

  it("holds when the team submitted while they were in it, also when the owner removes them", async () => {
    const owner = await createUser();
    const passenger = await createUser();
    const challenge = await createChallenge();
    const team = await teamOf(owner, { members: [passenger] });
    await registerTeam(challenge, team);
    await submitAs(challenge, team, owner.id);
    await removeMember(owner.viewer, team.id, passenger.id);
    const held = await listHeldParticipations(challenge.id);
    expect(held.map((h) => [h.userId, h.teamId])).toEqual([[passenger.id, team.id]]);
  });

  it("a member who leaves before the team ever submitted is free (unchanged)", async () => {
    const ownerA = await createUser();
    const ownerB = await createUser();
    const mover = await createUser();
    const challenge = await createChallenge();
    const teamA = await teamOf(ownerA, { members: [mover] });
    const teamB = await teamOf(ownerB);
    await registerTeam(challenge, teamA);
    await registerTeam(challenge, teamB);
    await leaveTeam(mover.viewer, teamA.id);
    await joinTeamWithCode(mover.viewer, (await createInvite(ownerB.viewer, teamB.id)).code);
    expect(await listHeldParticipations(challenge.id)).toEqual([]);
  });

  it("an organizer releases a held participation, audited; nobody else can", async () => {
    const owner = await createUser();
    const mover = await createUser();
    const organizer = await createUser();
    const otherOrganizer = await createUser();
    const challenge = await createChallenge({ organizer });
    await createChallenge({ organizer: otherOrganizer });
    const team = await teamOf(owner, { members: [mover] });
    await registerTeam(challenge, team);
    await submitAs(challenge, team, mover.id);
    await leaveTeam(mover.viewer, team.id);

    for (const who of [mover, owner, otherOrganizer]) {
      await expect(releaseHeldParticipation(who.viewer, challenge.slug, mover.id)).rejects.toMatchObject({ status: 403 });
    }
    await expect(releaseHeldParticipation(organizer.viewer, challenge.slug, owner.id)).rejects.toMatchObject({
      status: 409,
      code: "participation_active",
    });
    expect(await prisma.auditEvent.count({ where: { challengeId: challenge.id, action: "participation.release" } })).toBe(0);

    await releaseHeldParticipation(organizer.viewer, challenge.slug, mover.id);
    const audit = await prisma.auditEvent.findMany({ where: { challengeId: challenge.id, action: "participation.release" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: organizer.id, targetType: "User", targetId: mover.id, data: { teamId: team.id } });
    await expect(releaseHeldParticipation(organizer.viewer, challenge.slug, mover.id)).rejects.toMatchObject({ status: 404 });

    const fresh = await createTeam(mover.viewer, { name: `Released ${Date.now()}` });
    await expect(registerTeamForChallenge(mover.viewer, challenge.slug, fresh.slug)).resolves.toMatchObject({ created: true });
  });
});
