import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { loadTeamSubmissions, setFinalSelections } from "@/lib/leaderboard/team-submissions";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam } from "./seed";

describe("final-entry selection", () => {
  it("replaces the team's selection, up to the phase's maximum, with its own finished submissions only", async () => {
    const ch = await seedChallenge({ maxFinalSelections: 2 });
    const team = await seedTeam(ch, "Chooser");
    const other = await seedTeam(ch, "Other");
    const [s1, s2, s3] = [
      await seedSubmission(ch, { team, createdAt: minutesAgo(30), public: { primary: 0.1 } }),
      await seedSubmission(ch, { team, createdAt: minutesAgo(20), public: { primary: 0.2 } }),
      await seedSubmission(ch, { team, createdAt: minutesAgo(10), public: { primary: 0.3 } }),
    ];
    const running = await seedSubmission(ch, { team, createdAt: minutesAgo(5), public: { primary: 0 }, status: "RUNNING" });
    const foreign = await seedSubmission(ch, { team: other, createdAt: minutesAgo(5), public: { primary: 0.4 } });
    const viewer = team.owner.viewer;
    const selected = async () =>
      (await prisma.submission.findMany({ where: { teamId: team.id, selectedForFinal: true }, select: { id: true } }))
        .map((s) => s.id)
        .sort();

    await setFinalSelections(viewer, ch.slug, "test", [s1, s2]);
    expect(await selected()).toEqual([s1, s2].sort());
    await setFinalSelections(viewer, ch.slug, "test", [s3]);
    expect(await selected()).toEqual([s3]);

    await expect(setFinalSelections(viewer, ch.slug, "test", [s1, s2, s3])).rejects.toThrow(/at most 2/);
    await expect(setFinalSelections(viewer, ch.slug, "test", [running])).rejects.toThrow(/finished submissions/);
    await expect(setFinalSelections(viewer, ch.slug, "test", [foreign])).rejects.toThrow(/finished submissions/);
    await expect(setFinalSelections(other.owner.viewer, ch.slug, "test", [s1])).rejects.toThrow(/finished submissions/);
    await expect(setFinalSelections(ch.organizer.viewer, ch.slug, "test", [s1])).rejects.toMatchObject({ status: 403 });
    expect(await selected()).toEqual([s3]);

    const list = await loadTeamSubmissions(viewer, ch.slug, "test");
    expect(list.rows.map((r) => [r.id, r.selectedForFinal])).toEqual([
      [running, false],
      [s3, true],
      [s2, false],
      [s1, false],
    ]);
    expect(list.rows[1].privatePrimary).toBeNull();
  });

  it("is closed once the phase has ended", async () => {
    const ch = await seedChallenge({ startsAt: minutesAgo(100), endsAt: minutesAgo(1) });
    const team = await seedTeam(ch, "Late");
    const s = await seedSubmission(ch, { team, createdAt: minutesAgo(50), public: { primary: 0.1 } });
    await expect(setFinalSelections(team.owner.viewer, ch.slug, "test", [s])).rejects.toThrow(/until the phase closed/);
  });
});
