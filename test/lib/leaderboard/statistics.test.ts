// Intervals, tied rank groups and the ladder on real rows: results files scored by lib/scoring and
// bootstrapped by the statistics job's function, read back through the leaderboard loaders.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { loadOverallLeaderboard, loadPhaseContext } from "@/lib/leaderboard";
import { overallLeaderboardBody } from "@/lib/leaderboard/export";
import { pairedLowerBound } from "@/lib/eval/bootstrap/percentile";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";
import { bytesFloat64 } from "@/lib/statistics/intervals";
import { rankGroups } from "@/lib/statistics/rank-groups";
import { addTeam, createStatisticsPhase, minutesAgo, scoredEntry, type StatisticsPhase } from "../../helpers/statistics-fixtures";

async function replicatesOf(submissionId: string, split: "PUBLIC" | "PRIVATE" = "PUBLIC") {
  const row = await prisma.scoreStatistics.findUniqueOrThrow({ where: { submissionId_split: { submissionId, split } } });
  return { row, replicates: bytesFloat64(row.primaryReplicates) };
}

async function board(phase: StatisticsPhase, split: "public" | "private" = "public") {
  const context = (await loadPhaseContext(phase.challengeSlug, phase.phaseSlug))!;
  return loadOverallLeaderboard(context, split);
}

describe("tied rank groups and intervals on the overall leaderboard", () => {
  let point: StatisticsPhase;
  let groups: StatisticsPhase;
  const ids: Record<string, Record<string, string>> = { point: {}, groups: {} };

  beforeAll(async () => {
    [point, groups] = await Promise.all([createStatisticsPhase({ ranking: "point" }), createStatisticsPhase({ ranking: "groups" })]);
    for (const [key, phase] of [
      ["point", point],
      ["groups", groups],
    ] as const) {
      const [leader, first, copy, weak] = await Promise.all(["Leader", "First", "Copy", "Weak"].map((n) => addTeam(phase, n)));
      ids[key].leader = await scoredEntry(phase, leader.id, "lessFalse", { createdAt: minutesAgo(50) });
      ids[key].first = await scoredEntry(phase, first.id, "full", { createdAt: minutesAgo(40) });
      ids[key].copy = await scoredEntry(phase, copy.id, "full", { createdAt: minutesAgo(30) });
      ids[key].weak = await scoredEntry(phase, weak.id, "weak", { createdAt: minutesAgo(20) });
      ids[key].baseline = await scoredEntry(phase, null, "full", { createdAt: minutesAgo(60), isBaseline: true });
    }
  }, 240_000);

  it("gives every entry its stored interval and walks the groups from the top with the leader's paired interval", async () => {
    const rows = await board(point);
    expect(rows.map((r) => r.submissionId)).toEqual([
      ids.point.leader,
      ids.point.baseline,
      ids.point.first,
      ids.point.copy,
      ids.point.weak,
    ]);
    for (const r of rows) {
      const { row } = await replicatesOf(r.submissionId);
      expect(r.ci).toEqual({ level: 0.95, low: row.primaryLow, high: row.primaryHigh });
      expect(r.ci!.low!).toBeLessThanOrEqual(r.primary!);
    }
    // The leader is never worse than "first" in a replicate and better only where image 4 is drawn: tied.
    // "weak" scores 0 everywhere: apart. Baselines are shown but in no group.
    expect(rows.map((r) => [r.rank, r.rankGroup])).toEqual([
      [1, 1],
      [null, null],
      [2, 1],
      [2, 1],
      [4, 2],
    ]);
    const teams = rows.filter((r) => !r.isBaseline);
    const replicates = await Promise.all(teams.map(async (r) => (await replicatesOf(r.submissionId)).replicates));
    expect(teams.map((r) => r.rankGroup)).toEqual(
      rankGroups(
        replicates.map((x) => ({ replicates: x })),
        0.95,
      ),
    );
  });

  it("with the groups rule, a group shares its leader's rank and keeps the point order inside", async () => {
    const rows = await board(groups);
    expect(rows.map((r) => [r.submissionId, r.rank, r.rankGroup])).toEqual([
      [ids.groups.leader, 1, 1],
      [ids.groups.baseline, null, null],
      [ids.groups.first, 1, 1],
      [ids.groups.copy, 1, 1],
      [ids.groups.weak, 4, 2],
    ]);
  });

  it("carries ci and rankGroup in the JSON and CSV bodies, with the settings", async () => {
    const context = (await loadPhaseContext(groups.challengeSlug, groups.phaseSlug))!;
    const json = JSON.parse(await overallLeaderboardBody(context, "public", "json"));
    expect(json.statistics).toEqual({ replicates: 200, level: 0.95, ranking: "groups", laddered: false });
    const first = json.rows.find((r: { submissionId: string }) => r.submissionId === ids.groups.first);
    const { row } = await replicatesOf(ids.groups.first);
    expect(first).toMatchObject({ rank: 1, rankGroup: 1, ci: { level: 0.95, low: row.primaryLow, high: row.primaryHigh } });
    const csv = (await overallLeaderboardBody(context, "public", "csv")).trim().split("\r\n");
    const header = csv[0].split(",");
    const line = csv.find((l) => l.includes(ids.groups.weak))!.split(",");
    expect(header.slice(-4)).toEqual(["ci_level", "ci_low", "ci_high", "rank_group"]);
    expect(line.slice(-4)).toEqual(["0.95", "0", "0", "2"]);
  });

  it("shows an entry without statistics yet with ci and rankGroup null, and picks it up once they are written", async () => {
    const late = await addTeam(point, "Late");
    const id = await scoredEntry(point, late.id, "full", { statistics: false });
    let row = (await board(point)).find((r) => r.submissionId === id)!;
    expect([row.rank, row.ci, row.rankGroup]).toEqual([2, null, null]);
    await computeScoreStatistics(id);
    row = (await board(point)).find((r) => r.submissionId === id)!;
    expect(row.rankGroup).toBe(1);
    expect(row.ci).not.toBeNull();
  }, 60_000);
});

describe("the ladder", () => {
  let phase: StatisticsPhase;
  let weak: string, full: string, better: string;

  beforeAll(async () => {
    phase = await createStatisticsPhase({ ladder: "on" });
    const team = await addTeam(phase, "Prober");
    weak = await scoredEntry(phase, team.id, "weak", { createdAt: minutesAgo(30) });
    full = await scoredEntry(phase, team.id, "full", { createdAt: minutesAgo(20) });
    better = await scoredEntry(phase, team.id, "lessFalseBothSplits", { createdAt: minutesAgo(10) });
  }, 240_000);

  it("shows a new best on the public split only when it beats the shown one by more than the one-sided margin", async () => {
    // Preconditions, from the stored replicates: full beats weak beyond the margin, better beats full within it.
    const [w, f, b] = await Promise.all([weak, full, better].map(async (id) => (await replicatesOf(id)).replicates));
    expect(pairedLowerBound(f, w, 0.95)!).toBeGreaterThan(0);
    expect(pairedLowerBound(b, f, 0.95)!).toBeLessThanOrEqual(0);
    const [row] = await board(phase);
    expect(row.submissionId).toBe(full);
    expect(row.entries).toBe(3);
    const scores = await prisma.score.findMany({ where: { submissionId: { in: [full, better] }, split: "PUBLIC" } });
    const byId = new Map(scores.map((s) => [s.submissionId, s.primary]));
    expect(byId.get(better)!).toBeGreaterThan(byId.get(full)!); // the point estimate alone would show "better"
    expect(row.primary).toBe(byId.get(full));
  });

  it("never ladders the private split", async () => {
    const [row] = await board(phase, "private");
    expect(row.submissionId).toBe(better);
  });

  it("says so in the JSON", async () => {
    const context = (await loadPhaseContext(phase.challengeSlug, phase.phaseSlug))!;
    expect(JSON.parse(await overallLeaderboardBody(context, "public", "json")).statistics.laddered).toBe(true);
    expect(JSON.parse(await overallLeaderboardBody(context, "private", "json")).statistics.laddered).toBe(false);
  });
});
