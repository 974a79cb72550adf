import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { disqualifyTeam, markBaseline, releasePrivateSplit, requalifyTeam, resetTeamQuota } from "@/lib/challenges/actions";
import { addOrganizer, assertStatusTransition, updateChallenge } from "@/lib/challenges/challenges";
import { ChallengeError } from "@/lib/challenges/errors";
import { createTeam, createUser, registerTeam } from "../../helpers/factories";
import { finishedSubmission, organizedChallenge } from "./helpers";

async function auditActions(challengeId: string) {
  return (await prisma.auditEvent.findMany({ where: { challengeId }, orderBy: { at: "asc" }, select: { action: true, data: true } })).map(
    (a) => a.action,
  );
}

describe("organizer actions", () => {
  it("disqualify (reason kept), reinstate, reset quota, mark baseline and release the private split, each audited", async () => {
    const organizer = await createUser();
    const member = await createUser();
    const { challenge, phase } = await organizedChallenge(organizer.id);
    const team = await createTeam(member);
    await registerTeam(challenge, team);
    const submission = await finishedSubmission(phase.id, team.id, 1);

    await expect(disqualifyTeam(organizer.id, challenge.id, team.id, " ")).rejects.toThrow(/reason/);
    await disqualifyTeam(organizer.id, challenge.id, team.id, "Used the test labels");
    let participant = await prisma.challengeParticipant.findUniqueOrThrow({
      where: { challengeId_teamId: { challengeId: challenge.id, teamId: team.id } },
    });
    expect(participant.disqualifiedAt).not.toBeNull();
    expect(participant.disqualifyReason).toBe("Used the test labels");
    await requalifyTeam(organizer.id, challenge.id, team.id);
    participant = await prisma.challengeParticipant.findUniqueOrThrow({ where: { id: participant.id } });
    expect(participant.disqualifiedAt).toBeNull();

    const before = new Date();
    await resetTeamQuota(organizer.id, challenge.id, team.id);
    participant = await prisma.challengeParticipant.findUniqueOrThrow({ where: { id: participant.id } });
    expect(participant.quotaResetAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    await markBaseline(organizer.id, challenge.id, submission.id, true);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).isBaseline).toBe(true);

    // The phase is open: releasing needs the explicit override, which the audit log records.
    await expect(releasePrivateSplit(organizer.id, challenge.id, phase.id)).rejects.toMatchObject({ status: 409, code: "phase_open" });
    expect((await prisma.phase.findUniqueOrThrow({ where: { id: phase.id } })).privateReleased).toBe(false);
    expect(await releasePrivateSplit(organizer.id, challenge.id, phase.id, { override: true })).toMatchObject({ alreadyReleased: false });
    expect(await releasePrivateSplit(organizer.id, challenge.id, phase.id)).toMatchObject({ alreadyReleased: true });
    const release = await prisma.auditEvent.findFirstOrThrow({ where: { challengeId: challenge.id, action: "phase.releasePrivate" } });
    expect(release.data).toMatchObject({ override: true });
    // After the end no override is needed.
    const ended = await prisma.phase.create({
      data: { challengeId: challenge.id, slug: "ended", name: "Ended", startsAt: new Date(0), endsAt: new Date(Date.now() - 1000) },
    });
    expect(await releasePrivateSplit(organizer.id, challenge.id, ended.id)).toMatchObject({ alreadyReleased: false });
    expect((await prisma.phase.findUniqueOrThrow({ where: { id: phase.id } })).privateReleased).toBe(true);

    const actions = await auditActions(challenge.id);
    expect(actions).toEqual(
      expect.arrayContaining(["team.disqualify", "team.requalify", "team.quotaReset", "submission.baseline", "phase.releasePrivate"]),
    );
    expect(actions.filter((a) => a === "phase.releasePrivate")).toHaveLength(2); // the open phase (overridden) and the ended one
    const disqualified = await prisma.auditEvent.findFirstOrThrow({ where: { challengeId: challenge.id, action: "team.disqualify" } });
    expect(disqualified.data).toEqual({ reason: "Used the test labels" });
  });

  it("refuses targets that belong to another challenge", async () => {
    const organizer = await createUser();
    const mine = await organizedChallenge(organizer.id);
    const other = await organizedChallenge((await createUser()).id);
    const foreignSubmission = await finishedSubmission(other.phase.id, null, 1);
    const member = await createUser();
    const team = await createTeam(member);
    await registerTeam(other.challenge, team);

    await expect(markBaseline(organizer.id, mine.challenge.id, foreignSubmission.id, true)).rejects.toBeInstanceOf(ChallengeError);
    await expect(disqualifyTeam(organizer.id, mine.challenge.id, team.id, "cheating")).rejects.toThrow(/not registered for this challenge/);
    await expect(releasePrivateSplit(organizer.id, mine.challenge.id, other.phase.id)).rejects.toThrow(/not found/);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: foreignSubmission.id } })).isBaseline).toBe(false);
  });
});

describe("challenge lifecycle", () => {
  it("moves only forward: DRAFT -> PUBLISHED -> ARCHIVED", async () => {
    expect(() => assertStatusTransition("DRAFT", "PUBLISHED")).not.toThrow();
    expect(() => assertStatusTransition("PUBLISHED", "ARCHIVED")).not.toThrow();
    expect(() => assertStatusTransition("PUBLISHED", "DRAFT")).toThrow(/cannot become DRAFT/);
    expect(() => assertStatusTransition("ARCHIVED", "PUBLISHED")).toThrow(ChallengeError);
    expect(() => assertStatusTransition("DRAFT", "ARCHIVED")).toThrow();

    const organizer = await createUser();
    const { challenge } = await organizedChallenge(organizer.id, { status: "DRAFT" });
    await updateChallenge(organizer.id, challenge.id, { status: "PUBLISHED" });
    await expect(updateChallenge(organizer.id, challenge.id, { status: "DRAFT" })).rejects.toThrow(ChallengeError);
    expect((await prisma.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe("PUBLISHED");
    expect(await auditActions(challenge.id)).toContain("challenge.status.published");
  });

  it("adds co-organizers by e-mail (case-insensitively, once) and names unknown addresses", async () => {
    const organizer = await createUser();
    const colleague = await createUser();
    const { challenge } = await organizedChallenge(organizer.id);
    await addOrganizer(organizer.id, challenge.id, colleague.email.toUpperCase());
    await addOrganizer(organizer.id, challenge.id, colleague.email);
    expect(await prisma.challengeOrganizer.count({ where: { challengeId: challenge.id } })).toBe(2);
    await expect(addOrganizer(organizer.id, challenge.id, "nobody@example.test")).rejects.toThrow(/No account uses nobody@example.test/);
  });

  it("a taken slug is a 409 naming the slug", async () => {
    const organizer = await createUser();
    const a = await organizedChallenge(organizer.id);
    const b = await organizedChallenge(organizer.id);
    const err = await updateChallenge(organizer.id, b.challenge.id, { slug: a.challenge.slug }).catch((e) => e);
    expect(err).toBeInstanceOf(ChallengeError);
    expect(err).toMatchObject({ status: 409, code: "slug_taken" });
  });
});
