import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { anonymousViewer } from "@/lib/auth/viewer";
import { loadSubmissionView } from "@/lib/leaderboard/submission-view";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam } from "./seed";

describe("submission pages", () => {
  it("are public for ranked entries only, team-and-organizer for the rest, with private scores after release", async () => {
    const ch = await seedChallenge();
    const team = await seedTeam(ch, "Viewable");
    const other = await seedTeam(ch, "Someone else");
    const weaker = await seedSubmission(ch, { team, createdAt: minutesAgo(20), public: { primary: 0.2 }, private: { primary: 0.25 } });
    const ranked = await seedSubmission(ch, {
      team,
      createdAt: minutesAgo(10),
      public: { primary: 0.6, classes: { 1: 0.7, 3: -1 } },
      private: { primary: 0.65 },
    });

    const anon = await loadSubmissionView(anonymousViewer, ch.slug, ranked);
    expect(anon.publicRank).toBe(1);
    expect(anon.scores.public?.primary).toBe(0.6);
    expect(anon.scores.private).toBeUndefined();
    expect(anon.privateHidden).toBe(true);
    const car = anon.scores.public?.perClass.find((c) => c.cocoId === 3);
    expect(car?.metrics.ap).toBeNull(); // no ground truth: undefined, not 0
    expect(anon.scores.public?.perClass.find((c) => c.cocoId === 1)?.prCurves?.recall).toHaveLength(101);

    await expect(loadSubmissionView(anonymousViewer, ch.slug, weaker)).rejects.toMatchObject({ status: 404 });
    await expect(loadSubmissionView(other.owner.viewer, ch.slug, weaker)).rejects.toMatchObject({ status: 404 });
    expect((await loadSubmissionView(team.owner.viewer, ch.slug, weaker)).publicRank).toBeNull();
    await expect(loadSubmissionView(anonymousViewer, "another-challenge", ranked)).rejects.toMatchObject({ status: 404 });

    const own = await loadSubmissionView(team.owner.viewer, ch.slug, ranked);
    expect(own.scores.private).toBeUndefined();
    const org = await loadSubmissionView(ch.organizer.viewer, ch.slug, weaker);
    expect(org.scores.private?.primary).toBe(0.25);

    await prisma.phase.update({ where: { id: ch.phaseId }, data: { privateReleased: true } });
    expect((await loadSubmissionView(team.owner.viewer, ch.slug, ranked)).scores.private?.primary).toBe(0.65);
    expect((await loadSubmissionView(anonymousViewer, ch.slug, ranked)).scores.private?.primary).toBe(0.65);

    await prisma.challenge.update({ where: { id: ch.id }, data: { publicSubmissionPages: false } });
    await expect(loadSubmissionView(anonymousViewer, ch.slug, ranked)).rejects.toMatchObject({ status: 404 });
    expect((await loadSubmissionView(team.owner.viewer, ch.slug, ranked)).submission.id).toBe(ranked);
  });
});
