import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { anonymousViewer } from "@/lib/auth/viewer";
import {
  authorizeLeaderboard,
  categoriesForSplit,
  leaderboardCsv,
  loadClassLeaderboard,
  loadClassMatrix,
  loadOverallLeaderboard,
  loadPhaseContext,
} from "@/lib/leaderboard";
import { bumpEvalVersion, minutesAgo, seedChallenge, seedSubmission, seedTeam } from "./seed";

async function context(slug: string) {
  const c = await loadPhaseContext(slug, "test");
  if (!c) throw new Error("no context");
  return c;
}

describe("overall leaderboard from the database", () => {
  it("ranks each team's best entry with shared ranks, marks baselines and hides disqualified teams", async () => {
    const ch = await seedChallenge();
    const alpha = await seedTeam(ch, "Alpha");
    const bravo = await seedTeam(ch, "Bravo");
    const charlie = await seedTeam(ch, "Charlie");
    const delta = await seedTeam(ch, "Delta");
    const cheater = await seedTeam(ch, "Cheater", { disqualified: true });
    await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(50), public: { primary: 0.3 } });
    const alphaBest = await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(40), public: { primary: 0.7 } });
    await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(30), public: { primary: 0.6 } });
    const bravoBest = await seedSubmission(ch, { team: bravo, createdAt: minutesAgo(20), public: { primary: 0.5 } });
    const charlieBest = await seedSubmission(ch, { team: charlie, createdAt: minutesAgo(25), public: { primary: 0.5 } });
    await seedSubmission(ch, { team: delta, createdAt: minutesAgo(10), public: { primary: 0.1 } });
    await seedSubmission(ch, { team: delta, createdAt: minutesAgo(5), public: { primary: 0.99 }, status: "RUNNING" });
    await seedSubmission(ch, { team: cheater, createdAt: minutesAgo(5), public: { primary: 0.95 } });
    const baseline = await seedSubmission(ch, {
      team: null,
      isBaseline: true,
      description: "Mask R-CNN",
      createdAt: minutesAgo(60),
      public: { primary: 0.55 },
    });

    const rows = await loadOverallLeaderboard(await context(ch.slug), "public");
    expect(rows.map((r) => [r.team.name, r.rank, r.entries])).toEqual([
      ["Alpha", 1, 3],
      ["Baseline: Mask R-CNN", null, 1],
      ["Charlie", 2, 1],
      ["Bravo", 2, 1],
      ["Delta", 4, 1],
    ]);
    expect(rows[0].submissionId).toBe(alphaBest);
    expect(rows[1].submissionId).toBe(baseline);
    expect(rows[1].isBaseline).toBe(true);
    expect(rows[2].submissionId).toBe(charlieBest); // earlier of the tie first
    expect(rows[3].submissionId).toBe(bravoBest);
    expect(rows[0].metrics.ap).toBeCloseTo(0.7, 12);
  });

  it("never ranks late submissions (or counts them as entries), however good", async () => {
    const ch = await seedChallenge();
    const alpha = await seedTeam(ch, "Alpha");
    const bravo = await seedTeam(ch, "Bravo");
    const ranked = await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(50), public: { primary: 0.3 } });
    await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(5), public: { primary: 0.9 }, isLate: true });
    await seedSubmission(ch, { team: bravo, createdAt: minutesAgo(4), public: { primary: 0.8 }, isLate: true });
    const rows = await loadOverallLeaderboard(await context(ch.slug), "public");
    expect(rows.map((r) => [r.team.name, r.rank, r.entries, r.submissionId])).toEqual([["Alpha", 1, 1, ranked]]);
  });

  it("only uses scores of the phase's current evaluation version", async () => {
    const ch = await seedChallenge();
    const a = await seedTeam(ch, "Old");
    const b = await seedTeam(ch, "New");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(10), public: { primary: 0.9 } });
    await bumpEvalVersion(ch);
    await seedSubmission(ch, { team: b, createdAt: minutesAgo(5), public: { primary: 0.2 } });
    const rows = await loadOverallLeaderboard(await context(ch.slug), "public");
    expect(rows.map((r) => r.team.name)).toEqual(["New"]);
  });

  it("ranks by the best selected final entry once the phase has closed", async () => {
    const ch = await seedChallenge({ startsAt: minutesAgo(600), endsAt: minutesAgo(1), maxFinalSelections: 2 });
    const a = await seedTeam(ch, "Selective");
    const b = await seedTeam(ch, "Unselective");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(300), public: { primary: 0.9 } });
    const chosen = await seedSubmission(ch, { team: a, createdAt: minutesAgo(200), public: { primary: 0.4 }, selectedForFinal: true });
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(100), public: { primary: 0.3 }, selectedForFinal: true });
    const bBest = await seedSubmission(ch, { team: b, createdAt: minutesAgo(100), public: { primary: 0.6 } });
    const rows = await loadOverallLeaderboard(await context(ch.slug), "public");
    expect(rows.map((r) => [r.team.name, r.rank, r.submissionId])).toEqual([
      ["Unselective", 1, bBest],
      ["Selective", 2, chosen],
    ]);
  });

  it("ranks by one class's AP when the primary metric is class:<id>", async () => {
    const ch = await seedChallenge({ primaryMetric: "class:3" });
    const a = await seedTeam(ch, "GoodOverall");
    const b = await seedTeam(ch, "GoodAtCars");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(10), public: { primary: 0.9, classes: { 1: 0.9, 3: 0.1 } } });
    await seedSubmission(ch, { team: b, createdAt: minutesAgo(10), public: { primary: 0.2, classes: { 1: 0.1, 3: 0.8 } } });
    const rows = await loadOverallLeaderboard(await context(ch.slug), "public");
    expect(rows.map((r) => [r.team.name, r.primary])).toEqual([
      ["GoodAtCars", 0.8],
      ["GoodOverall", 0.1],
    ]);
  });

  it("shows each team's move from the public to the private ranking", async () => {
    const ch = await seedChallenge({ privateReleased: true });
    const a = await seedTeam(ch, "PublicStar");
    const b = await seedTeam(ch, "PrivateStar");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(10), public: { primary: 0.8 }, private: { primary: 0.3 } });
    await seedSubmission(ch, { team: b, createdAt: minutesAgo(10), public: { primary: 0.5 }, private: { primary: 0.6 } });
    const rows = await loadOverallLeaderboard(await context(ch.slug), "private");
    expect(rows.map((r) => [r.team.name, r.rank, r.move])).toEqual([
      ["PrivateStar", 1, 1],
      ["PublicStar", 2, -1],
    ]);
    const csv = leaderboardCsv(rows, true).split("\r\n");
    expect(csv[0].startsWith("rank,move,team")).toBe(true);
    expect(csv[1].startsWith("1,1,PrivateStar,")).toBe(true);
  });
});

describe("per-class aggregation", () => {
  it("builds the teams x classes matrix with null (never 0) for classes without ground truth in the split", async () => {
    const ch = await seedChallenge({
      categories: [
        { cocoId: 1, name: "person" },
        { cocoId: 3, name: "car" },
        { cocoId: 5, name: "airplane", publicCount: 0, privateCount: 4 },
      ],
    });
    const a = await seedTeam(ch, "A");
    const b = await seedTeam(ch, "B");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(9), public: { primary: 0.6, classes: { 1: 0.9, 3: 0.3, 5: -1 } } });
    await seedSubmission(ch, { team: b, createdAt: minutesAgo(8), public: { primary: 0.5, classes: { 1: 0.2, 3: 0.8, 5: -1 } } });
    const ctx = await context(ch.slug);
    const matrix = await loadClassMatrix(ctx, "public");
    expect(matrix.categories.map((c) => c.name)).toEqual(["person", "car", "airplane"]);
    expect(matrix.rows.map((r) => [r.team.name, ...r.cells])).toEqual([
      ["A", 0.9, 0.3, null],
      ["B", 0.2, 0.8, null],
    ]);
    expect(matrix.means[0]).toBeCloseTo(0.55, 12);
    expect(matrix.means[2]).toBeNull();

    const byCar = await loadClassMatrix(ctx, "public", { sortCategoryId: ch.categoryIds.get(3), direction: "desc" });
    expect(byCar.rows.map((r) => r.team.name)).toEqual(["B", "A"]);
    const paged = await loadClassMatrix(ctx, "public", { offset: 1, limit: 1 });
    expect(paged.rows.map((r) => r.team.name)).toEqual(["B"]);
    expect(paged.totalRows).toBe(2);

    const car = categoriesForSplit(ctx, "public").find((c) => c.cocoId === 3)!;
    const board = await loadClassLeaderboard(ctx, "public", car);
    expect(board.best?.team.name).toBe("B");
    expect(board.meanAp).toBeCloseTo(0.55, 12);
    expect(board.rows.map((r) => [r.team.name, r.rank, r.overallRank])).toEqual([
      ["B", 1, 2],
      ["A", 2, 1],
    ]);
    const airplane = categoriesForSplit(ctx, "public").find((c) => c.cocoId === 5)!;
    const none = await loadClassLeaderboard(ctx, "public", airplane);
    expect(none.best).toBeNull();
    expect(none.meanAp).toBeNull();
    expect(none.rows.every((r) => r.ap === null)).toBe(true);
  });
});

describe("authorizeLeaderboard", () => {
  it("refuses the unreleased private split to everyone but organizers", async () => {
    const ch = await seedChallenge();
    const team = await seedTeam(ch, "Curious");
    await expect(authorizeLeaderboard(anonymousViewer, ch.slug, "test", "private")).rejects.toMatchObject({
      status: 403,
      code: "private_not_released",
    });
    await expect(authorizeLeaderboard(team.owner.viewer, ch.slug, "test", "private")).rejects.toMatchObject({ status: 403 });
    const org = await authorizeLeaderboard(ch.organizer.viewer, ch.slug, "test", "private");
    expect(org.canSeePrivate).toBe(true);
    await prisma.phase.update({ where: { id: ch.phaseId }, data: { privateReleased: true, privateReleasedAt: new Date() } });
    expect((await authorizeLeaderboard(anonymousViewer, ch.slug, "test", "private")).canSeePrivate).toBe(true);
  });

  it("releases automatically after the end when so configured", async () => {
    const ch = await seedChallenge({ autoReleasePrivate: true, startsAt: minutesAgo(100), endsAt: minutesAgo(1) });
    expect((await authorizeLeaderboard(anonymousViewer, ch.slug, "test", "private")).canSeePrivate).toBe(true);
  });

  it("hides drafts and hidden leaderboards (404) and honours participants-only visibility", async () => {
    const draft = await seedChallenge({ status: "DRAFT" });
    await expect(authorizeLeaderboard(anonymousViewer, draft.slug, "test", "public")).rejects.toMatchObject({ status: 404 });
    expect((await authorizeLeaderboard(draft.organizer.viewer, draft.slug, "test", "public")).isOrganizer).toBe(true);

    const hidden = await seedChallenge({ leaderboardVisibility: "HIDDEN" });
    const member = await seedTeam(hidden, "Member");
    await expect(authorizeLeaderboard(member.owner.viewer, hidden.slug, "test", "public")).rejects.toMatchObject({ status: 404 });

    const participantsOnly = await seedChallenge({ leaderboardVisibility: "PARTICIPANTS" });
    const p = await seedTeam(participantsOnly, "Insider");
    await expect(authorizeLeaderboard(anonymousViewer, participantsOnly.slug, "test", "public")).rejects.toMatchObject({ status: 404 });
    await expect(authorizeLeaderboard(p.owner.viewer, participantsOnly.slug, "test", "public")).resolves.toBeTruthy();
  });

  it("answers 404 for an unknown phase or a phase without private split", async () => {
    const ch = await seedChallenge({ withPrivateSplit: false, privateReleased: true });
    await expect(authorizeLeaderboard(anonymousViewer, ch.slug, "nope", "public")).rejects.toMatchObject({ status: 404 });
    await expect(authorizeLeaderboard(anonymousViewer, ch.slug, "test", "private")).rejects.toMatchObject({
      status: 404,
      code: "no_private_split",
    });
  });
});

describe("ranking snapshots", () => {
  it("are recomputed when scores, disqualifications or baseline marks change", async () => {
    const ch = await seedChallenge();
    const a = await seedTeam(ch, "Snap A");
    const b = await seedTeam(ch, "Snap B");
    await seedSubmission(ch, { team: a, createdAt: minutesAgo(9), public: { primary: 0.5 } });
    const bSub = await seedSubmission(ch, { team: b, createdAt: minutesAgo(8), public: { primary: 0.4 } });
    const names = async () => (await loadOverallLeaderboard(await context(ch.slug), "public")).map((r) => `${r.rank}:${r.team.name}`);
    expect(await names()).toEqual(["1:Snap A", "2:Snap B"]);
    expect(await names()).toEqual(["1:Snap A", "2:Snap B"]); // served from the snapshot

    await seedSubmission(ch, { team: b, createdAt: minutesAgo(1), public: { primary: 0.9 } });
    expect(await names()).toEqual(["1:Snap B", "2:Snap A"]);

    await prisma.challengeParticipant.update({ where: { id: b.participantId }, data: { disqualifiedAt: new Date() } });
    expect(await names()).toEqual(["1:Snap A"]);

    await prisma.challengeParticipant.update({ where: { id: b.participantId }, data: { disqualifiedAt: null } });
    await prisma.submission.updateMany({ where: { teamId: b.id, id: { not: bSub } }, data: { isBaseline: true } });
    expect(await names()).toEqual(["null:Baseline: Snap B", "1:Snap A", "2:Snap B"]);
  });
});
