import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { anonymousViewer } from "@/lib/auth/viewer";
import {
  createInvite,
  createTeam,
  joinTeamWithCode,
  leaveTeam,
  listInvites,
  loadTeamPage,
  previewInvite,
  registerTeamForChallenge,
  removeMember,
  revokeInvite,
  transferOwnership,
} from "@/lib/teams";
import { createChallenge, createTeam as teamOf, createUser, registerTeam } from "../../helpers/factories";

describe("creating teams", () => {
  it("makes the creator owner and derives a unique slug from the name", async () => {
    const owner = await createUser();
    const name = `Mask Rcnn Fans ${Date.now()}`;
    const first = await createTeam(owner.viewer, { name: `  ${name} ` });
    const second = await createTeam(owner.viewer, { name });
    expect(first.name).toBe(name);
    expect(first.slug).toMatch(/^mask-rcnn-fans-\d+$/);
    expect(second.slug).toBe(`${first.slug}-2`);
    const membership = await prisma.teamMembership.findUniqueOrThrow({
      where: { teamId_userId: { teamId: first.id, userId: owner.id } },
    });
    expect(membership.role).toBe("OWNER");
  });

  it("refuses anonymous viewers and unusable names", async () => {
    await expect(createTeam(anonymousViewer, { name: "Ghosts" })).rejects.toMatchObject({ status: 401 });
    const user = await createUser();
    await expect(createTeam(user.viewer, { name: "!" })).rejects.toMatchObject({ status: 400, code: "invalid_team_name" });
    await expect(createTeam(user.viewer, { name: "x".repeat(61) })).rejects.toMatchObject({ message: /at most 60/ });
  });
});

describe("invites", () => {
  it("let a user join with a valid code", async () => {
    const owner = await createUser();
    const joiner = await createUser();
    const team = await teamOf(owner);
    const invite = await createInvite(owner.viewer, team.id);
    expect(invite.path).toBe(`/teams/join/${invite.code}`);
    expect(await prisma.teamInvite.count({ where: { codeHash: invite.code } })).toBe(0); // stored hashed
    expect(await previewInvite(invite.code)).toMatchObject({ state: "valid", team: { id: team.id } });

    const joined = await joinTeamWithCode(joiner.viewer, invite.code);
    expect(joined.teamId).toBe(team.id);
    expect((await prisma.teamMembership.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId: joiner.id } } })).role).toBe(
      "MEMBER",
    );
    await expect(joinTeamWithCode(joiner.viewer, invite.code)).rejects.toMatchObject({ status: 409, code: "already_member" });
  });

  it("refuse expired, revoked and unknown codes", async () => {
    const owner = await createUser();
    const joiner = await createUser();
    const team = await teamOf(owner);

    const expired = await createInvite(owner.viewer, team.id, { expiresInHours: 1 });
    await prisma.teamInvite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await previewInvite(expired.code)).state).toBe("expired");
    await expect(joinTeamWithCode(joiner.viewer, expired.code)).rejects.toMatchObject({ status: 410, code: "invite_expired" });

    const revoked = await createInvite(owner.viewer, team.id);
    await revokeInvite(owner.viewer, revoked.id);
    expect((await previewInvite(revoked.code)).state).toBe("revoked");
    await expect(joinTeamWithCode(joiner.viewer, revoked.code)).rejects.toMatchObject({ status: 410, code: "invite_revoked" });

    await expect(joinTeamWithCode(joiner.viewer, "not-a-code")).rejects.toMatchObject({ status: 404 });
    await expect(joinTeamWithCode(anonymousViewer, revoked.code)).rejects.toMatchObject({ status: 401 });
    expect(await prisma.teamMembership.count({ where: { teamId: team.id } })).toBe(1);

    const states = (await listInvites(owner.viewer, team.id)).map((i) => i.state).sort();
    expect(states).toEqual(["expired", "revoked"]);
  });

  it("are managed by the owner only", async () => {
    const owner = await createUser();
    const member = await createUser();
    const outsider = await createUser();
    const team = await teamOf(owner, { members: [member] });
    await expect(createInvite(member.viewer, team.id)).rejects.toMatchObject({ status: 403 });
    await expect(createInvite(outsider.viewer, team.id)).rejects.toMatchObject({ status: 404 });
    await expect(listInvites(outsider.viewer, team.id)).rejects.toMatchObject({ status: 404 });
    const invite = await createInvite(owner.viewer, team.id);
    await expect(revokeInvite(member.viewer, invite.id)).rejects.toMatchObject({ status: 403 });
    await expect(createInvite(owner.viewer, team.id, { expiresInHours: 24 * 365 })).rejects.toMatchObject({ status: 400 });
  });
});

describe("registering for a challenge", () => {
  it("registers the team and all its members; a second registration of the same team is a no-op", async () => {
    const owner = await createUser();
    const member = await createUser();
    const team = await teamOf(owner, { members: [member] });
    const challenge = await createChallenge();
    const first = await registerTeamForChallenge(owner.viewer, challenge.slug, team.slug);
    expect(first.created).toBe(true);
    const rows = await prisma.challengeParticipantMember.findMany({ where: { challengeId: challenge.id }, orderBy: { userId: "asc" } });
    expect(rows.map((r) => r.userId).sort()).toEqual([owner.id, member.id].sort());
    const again = await registerTeamForChallenge(owner.viewer, challenge.slug, team.slug);
    expect(again).toEqual({ ...first, created: false });
  });

  it("refuses a second team for the same user in the same challenge", async () => {
    const user = await createUser();
    const teamA = await teamOf(user);
    const teamB = await teamOf(user);
    const challenge = await createChallenge();
    await registerTeamForChallenge(user.viewer, challenge.slug, teamA.slug);
    await expect(registerTeamForChallenge(user.viewer, challenge.slug, teamB.slug)).rejects.toMatchObject({
      status: 409,
      code: "already_participating",
    });
  });

  it("refuses a team one of whose members already takes part with another team", async () => {
    const ownerA = await createUser();
    const ownerB = await createUser();
    const both = await createUser({ email: `both-${Date.now()}@example.test` });
    const teamA = await teamOf(ownerA, { members: [both] });
    const teamB = await teamOf(ownerB, { members: [both] });
    const challenge = await createChallenge();
    await registerTeamForChallenge(ownerA.viewer, challenge.slug, teamA.slug);
    const err = await registerTeamForChallenge(ownerB.viewer, challenge.slug, teamB.slug).catch((e: Error) => e);
    expect(err).toMatchObject({ status: 409, code: "already_participating" });
    expect((err as Error).message).toContain(both.email);
    expect(await prisma.challengeParticipant.count({ where: { challengeId: challenge.id } })).toBe(1);
  });

  it("is enforced by the database itself", async () => {
    const user = await createUser();
    const teamA = await teamOf(user);
    const teamB = await teamOf(user);
    const challenge = await createChallenge();
    await registerTeam(challenge, teamA);
    await expect(registerTeam(challenge, teamB)).rejects.toThrow();
  });

  it("refuses joining a team registered where the joiner already takes part with another team", async () => {
    const ownerA = await createUser();
    const ownerB = await createUser();
    const joiner = await createUser();
    const teamA = await teamOf(ownerA, { members: [joiner] });
    const teamB = await teamOf(ownerB);
    const challenge = await createChallenge();
    await registerTeam(challenge, teamA);
    await registerTeam(challenge, teamB);
    const invite = await createInvite(ownerB.viewer, teamB.id);
    await expect(joinTeamWithCode(joiner.viewer, invite.code)).rejects.toMatchObject({ status: 409, code: "already_participating" });

    // After leaving team A, the joiner may join team B and then takes part with B.
    await leaveTeam(joiner.viewer, teamA.id);
    await joinTeamWithCode(joiner.viewer, invite.code);
    const row = await prisma.challengeParticipantMember.findUniqueOrThrow({
      where: { challengeId_userId: { challengeId: challenge.id, userId: joiner.id } },
    });
    expect(row.teamId).toBe(teamB.id);
  });

  it("is for the owner of the team, in published challenges", async () => {
    const owner = await createUser();
    const member = await createUser();
    const outsider = await createUser();
    const team = await teamOf(owner, { members: [member] });
    const published = await createChallenge();
    const draft = await createChallenge({ status: "DRAFT" });
    const archived = await createChallenge({ status: "ARCHIVED" });
    await expect(registerTeamForChallenge(member.viewer, published.slug, team.slug)).rejects.toMatchObject({ status: 403 });
    await expect(registerTeamForChallenge(outsider.viewer, published.slug, team.slug)).rejects.toMatchObject({ status: 404 });
    await expect(registerTeamForChallenge(anonymousViewer, published.slug, team.slug)).rejects.toMatchObject({ status: 401 });
    await expect(registerTeamForChallenge(owner.viewer, draft.slug, team.slug)).rejects.toMatchObject({ status: 404 });
    await expect(registerTeamForChallenge(owner.viewer, archived.slug, team.slug)).rejects.toMatchObject({ code: "registration_closed" });
    await expect(registerTeamForChallenge(owner.viewer, "no-such-challenge", team.slug)).rejects.toMatchObject({ status: 404 });
  });
});

describe("membership changes", () => {
  it("leave, remove and transfer ownership keep exactly one owner and the participation rows in step", async () => {
    const owner = await createUser();
    const alice = await createUser();
    const bob = await createUser();
    const team = await teamOf(owner, { members: [alice, bob] });
    const challenge = await createChallenge();
    await registerTeam(challenge, team);

    await expect(leaveTeam(owner.viewer, team.id)).rejects.toMatchObject({ code: "owner_cannot_leave" });
    await expect(removeMember(alice.viewer, team.id, bob.id)).rejects.toMatchObject({ status: 403 });
    await removeMember(owner.viewer, team.id, bob.id);
    expect(await prisma.challengeParticipantMember.count({ where: { challengeId: challenge.id, userId: bob.id } })).toBe(0);

    await expect(transferOwnership(owner.viewer, team.id, bob.id)).rejects.toMatchObject({ status: 404 });
    await transferOwnership(owner.viewer, team.id, alice.id);
    const roles = await prisma.teamMembership.findMany({ where: { teamId: team.id }, select: { userId: true, role: true } });
    expect(Object.fromEntries(roles.map((r) => [r.userId, r.role]))).toEqual({ [owner.id]: "MEMBER", [alice.id]: "OWNER" });

    await leaveTeam(owner.viewer, team.id);
    expect(await prisma.teamMembership.count({ where: { teamId: team.id } })).toBe(1);
    expect(await prisma.challengeParticipantMember.count({ where: { challengeId: challenge.id } })).toBe(1);
    await expect(leaveTeam(owner.viewer, team.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("a sole owner leaving", () => {
  it("deletes a team that never registered, and refuses for a registered one", async () => {
    const owner = await createUser();
    const lonely = await teamOf(owner);
    expect(await leaveTeam(owner.viewer, lonely.id)).toEqual({ teamDeleted: true });
    expect(await prisma.team.count({ where: { id: lonely.id } })).toBe(0);

    const registered = await teamOf(owner);
    await registerTeam(await createChallenge(), registered);
    await expect(leaveTeam(owner.viewer, registered.id)).rejects.toMatchObject({ code: "owner_cannot_leave", message: /only member/ });
    expect(await prisma.team.count({ where: { id: registered.id } })).toBe(1);
  });
});

describe("team page", () => {
  it("shows members and challenges to members only", async () => {
    const owner = await createUser();
    const member = await createUser();
    const outsider = await createUser();
    const team = await teamOf(owner, { members: [member] });
    const challenge = await createChallenge();
    await registerTeam(challenge, team);

    const ownView = await loadTeamPage(owner.viewer, team.slug);
    expect(ownView.canManage).toBe(true);
    expect(ownView.members?.map((m) => m.email).sort()).toEqual([owner.email, member.email].sort());
    expect(ownView.challenges?.map((c) => c.slug)).toEqual([challenge.slug]);
    expect((await loadTeamPage(member.viewer, team.slug)).canManage).toBe(false);

    for (const viewer of [outsider.viewer, anonymousViewer]) {
      const page = await loadTeamPage(viewer, team.slug);
      expect(page.members).toBeNull();
      expect(page.challenges).toBeNull();
      expect(JSON.stringify(page)).not.toContain(owner.email);
    }
    await expect(loadTeamPage(owner.viewer, "no-such-team")).rejects.toMatchObject({ status: 404 });
  });
});
