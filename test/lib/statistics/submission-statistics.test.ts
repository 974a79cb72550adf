// The submission page's intervals and paired comparisons, read from what the statistics job stored:
// real results files scored by lib/scoring and bootstrapped by computeScoreStatistics.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { pairedComparison } from "@/lib/eval/bootstrap";
import { loadSubmissionView, type SubmissionView } from "@/lib/leaderboard/submission-view";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";
import { bytesFloat64, STAT_KEYS, type StoredIntervals } from "@/lib/statistics/intervals";
import { loadPairedStatistics, loadVisibleIntervals } from "@/lib/statistics/submission-statistics";
import { writeTemp } from "../../coco/temp-files";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../../helpers/submission-fixtures";

let phase: ScoredPhase;
let strong: string;
let weak: string;

async function scored(file: string, bootstrap = true): Promise<string> {
  const id = await insertSubmission(phase, file, "RUNNING");
  await scoreSubmission(id);
  if (bootstrap) expect(await computeScoreStatistics(id)).toMatchObject({ written: true });
  return id;
}

const organizerView = (id: string) => loadSubmissionView(phase.organizer.viewer, phase.challengeSlug, id);
const memberView = (id: string) => loadSubmissionView(phase.member.viewer, phase.challengeSlug, id);

beforeAll(async () => {
  phase = await createScoredPhase();
  const detections = JSON.parse(fs.readFileSync(FIXTURE_DT, "utf8")) as unknown[];
  strong = await scored(FIXTURE_DT);
  weak = await scored(
    writeTemp(
      "weaker.json",
      detections.filter((_, i) => i % 2 === 0),
    ),
  );
}, 120_000);

describe("a submission's stored intervals", () => {
  it("are the job's intervals of all 12 stats and each class, per visible split", async () => {
    const view = await organizerView(strong);
    const intervals = await loadVisibleIntervals(view);
    expect(Object.keys(intervals).sort()).toEqual(["private", "public"]);
    for (const split of ["public", "private"] as const) {
      const row = await prisma.scoreStatistics.findUniqueOrThrow({
        where: { submissionId_split: { submissionId: strong, split: split === "public" ? "PUBLIC" : "PRIVATE" } },
      });
      const stored = row.intervals as unknown as StoredIntervals;
      expect(Object.keys(intervals[split]!.stats)).toEqual([...STAT_KEYS]);
      expect(intervals[split]).toEqual({
        level: row.level,
        replicates: row.replicates,
        primary: [row.primaryLow, row.primaryHigh],
        stats: stored.stats,
        perClass: Object.fromEntries(Object.entries(stored.perClass).map(([id, c]) => [id, c.ap])),
      });
      expect(intervals[split]!.stats.ap).not.toBeNull();
      expect(intervals[split]!.primary).toEqual(intervals[split]!.stats.ap); // the primary metric is AP
    }
  });

  it("leave out the private split exactly when its scores are hidden", async () => {
    const view = await memberView(strong);
    expect(view.privateHidden).toBe(true);
    expect(view.scores.private).toBeUndefined();
    const intervals = await loadVisibleIntervals(view);
    expect(Object.keys(intervals)).toEqual(["public"]);
    const other = await memberView(weak);
    expect(await loadPairedStatistics(view, other, "private")).toBeNull();
    expect((await loadPairedStatistics(view, other, "public"))?.status).toBe("paired");
  });

  it("are not shown for scores of another protocol version than the stored bootstrap", async () => {
    const view = await organizerView(strong);
    const stale: SubmissionView = { ...view, scores: { public: { ...view.scores.public!, evalConfigVersion: 99 } } };
    expect(await loadVisibleIntervals(stale)).toEqual({});
  });
});

describe("the paired comparison of two submissions", () => {
  it("is the percentile interval of the stored replicates' differences (same draws)", async () => {
    const [a, b] = await Promise.all([organizerView(strong), organizerView(weak)]);
    const paired = await loadPairedStatistics(a, b, "public");
    if (paired?.status !== "paired") throw new Error(`expected a paired comparison, got ${JSON.stringify(paired)}`);
    const rows = await prisma.scoreStatistics.findMany({ where: { submissionId: { in: [strong, weak] }, split: "PUBLIC" } });
    const rowA = rows.find((r) => r.submissionId === strong)!;
    const rowB = rows.find((r) => r.submissionId === weak)!;
    expect(rowA.seed).toBe(rowB.seed);
    const want = pairedComparison(
      { point: a.scores.public!.primary!, replicates: bytesFloat64(rowA.primaryReplicates) },
      { point: b.scores.public!.primary!, replicates: bytesFloat64(rowB.primaryReplicates) },
      rowA.level,
    );
    expect(paired.primary).toEqual({ delta: want.delta, ci: want.ci, fractionBetter: want.fractionBetter });
    expect(paired.primary!.delta).toBeGreaterThan(0);
    expect(paired.replicates).toBe(rowA.replicates);
    // The primary metric is AP here: the AP row of the 12 stats' replicates gives the same numbers.
    expect(paired.stats.ap).toEqual(paired.primary);
    expect(Object.keys(paired.stats)).toEqual([...STAT_KEYS]);

    const swapped = await loadPairedStatistics(b, a, "public");
    if (swapped?.status !== "paired") throw new Error("expected a paired comparison");
    expect(swapped.primary!.delta).toBe(-paired.primary!.delta);
    expect(swapped.primary!.ci![0]).toBeCloseTo(-paired.primary!.ci![1], 12);
    expect(swapped.primary!.ci![1]).toBeCloseTo(-paired.primary!.ci![0], 12);
  });

  it("of a submission with itself is 0 with the interval [0, 0]", async () => {
    const a = await organizerView(strong);
    const paired = await loadPairedStatistics(a, a, "private");
    if (paired?.status !== "paired") throw new Error("expected a paired comparison");
    expect(paired.primary).toEqual({ delta: 0, ci: [0, 0], fractionBetter: 0 });
  });

  it("waits for the bootstrap, and refuses replicates from other draws", async () => {
    const pending = await scored(FIXTURE_DT, false);
    const [a, p] = await Promise.all([organizerView(strong), organizerView(pending)]);
    expect(await loadPairedStatistics(a, p, "public")).toEqual({ status: "pending" });

    expect(await computeScoreStatistics(pending)).toMatchObject({ written: true });
    expect((await loadPairedStatistics(a, p, "public"))?.status).toBe("paired");
    await prisma.scoreStatistics.updateMany({ where: { submissionId: pending }, data: { seed: { increment: 1 } } });
    const unpaired = await loadPairedStatistics(a, p, "public");
    expect(unpaired).toMatchObject({ status: "unpaired", reason: expect.stringMatching(/different seeds/) });
  });
});
