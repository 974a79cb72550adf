// What a team can do with its own submissions: cancel one while it is queued, download its file, hide
// failed entries. Organizers cancel any queued or running one with a reason the team then reads.
import { readFileSync } from "node:fs";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { cancelSubmissionAs } from "@/lib/submissions/cancel";
import { openSubmissionFile } from "@/lib/submissions/download";
import { setSubmissionHidden } from "@/lib/submissions/hide";
import { createTeam, createUser, registerTeam } from "../../helpers/factories";
import { createScoredPhase, FIXTURE_DT, insertSubmission } from "../../helpers/submission-fixtures";

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string };
  }
  throw new Error("expected a refusal");
}

describe("a team's own submissions", () => {
  it("its members cancel a queued one (named as the canceller); running ones and other teams' are refused", async () => {
    const phase = await createScoredPhase();
    const queued = await insertSubmission(phase, FIXTURE_DT, "QUEUED");
    const running = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    const stranger = await createUser();
    const other = await createUser();
    await registerTeam({ id: phase.challengeId }, await createTeam(other));

    expect(await refusal(cancelSubmissionAs(stranger.viewer, queued))).toMatchObject({ status: 404 });
    expect(await refusal(cancelSubmissionAs(other.viewer, queued))).toMatchObject({ status: 404 });
    expect(await refusal(cancelSubmissionAs(phase.member.viewer, running))).toMatchObject({ status: 403 });

    await cancelSubmissionAs(phase.member.viewer, queued);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: queued } });
    expect(row).toMatchObject({ status: "CANCELLED", countsTowardQuota: false, cancelledById: phase.member.id, cancelReason: null });
    expect(row.errorMessage).toMatch(/^Cancelled by .+ \(team member\)\.$/);
  });

  it("organizers cancel a running one with a reason the team reads, recorded in the audit log", async () => {
    const phase = await createScoredPhase();
    const running = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    await prisma.challengeOrganizer.upsert({
      where: { challengeId_userId: { challengeId: phase.challengeId, userId: phase.organizer.id } },
      create: { challengeId: phase.challengeId, userId: phase.organizer.id },
      update: {},
    });
    await prisma.user.update({ where: { id: phase.organizer.id }, data: { name: "Olga" } });
    await cancelSubmissionAs(phase.organizer.viewer, running, "duplicate upload");
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: running } });
    expect(row.errorMessage).toBe("Cancelled by Olga (organizer): duplicate upload");
    expect(row.cancelReason).toBe("duplicate upload");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: running, action: "submission.cancel" } });
    expect(audit.data).toEqual({ reason: "duplicate upload" });
  });

  it("its members download the uploaded file byte for byte; others cannot", async () => {
    const phase = await createScoredPhase();
    const id = await insertSubmission(phase, FIXTURE_DT, "QUEUED");
    const file = await openSubmissionFile(phase.member.viewer, id);
    expect(file.filename).toBe("dt.json");
    expect(await text(file.stream)).toBe(readFileSync(FIXTURE_DT, "utf8"));
    expect(await refusal(openSubmissionFile((await createUser()).viewer, id))).toMatchObject({ status: 404 });
  });

  it("its members hide failed entries and show them again; finished ones cannot be hidden", async () => {
    const phase = await createScoredPhase();
    const failed = await insertSubmission(phase, FIXTURE_DT, "QUEUED");
    await prisma.submission.update({ where: { id: failed }, data: { status: "FAILED" } });
    const finished = await insertSubmission(phase, FIXTURE_DT, "QUEUED");
    await prisma.submission.update({ where: { id: finished }, data: { status: "FINISHED" } });

    await setSubmissionHidden(phase.member.viewer, failed, true);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: failed } })).hiddenAt).not.toBeNull();
    await setSubmissionHidden(phase.member.viewer, failed, false);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: failed } })).hiddenAt).toBeNull();
    expect(await refusal(setSubmissionHidden(phase.member.viewer, finished, true))).toMatchObject({ status: 409, code: "not_hideable" });
    // Organizers see it (403, not 404) but hiding is the team's own list.
    expect(await refusal(setSubmissionHidden(phase.organizer.viewer, failed, true))).toMatchObject({ status: 403 });
  });
});
