// The leaderboard shows exactly what the worker computed: a real results file scored by
// lib/scoring, compared with lib/eval run directly on the same files.
import { beforeAll, describe, expect, it } from "vitest";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, evaluateSplits, prepareGroundTruth, type EvalResult } from "@/lib/eval";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { loadClassMatrix, loadOverallLeaderboard, loadPhaseContext, METRIC_KEYS } from "@/lib/leaderboard";
import { loadSubmissionView } from "@/lib/leaderboard/submission-view";
import { createScoredPhase, FIXTURE_DT, FIXTURE_GT, insertSubmission, splitsOf, type ScoredPhase } from "../../helpers/submission-fixtures";

let phase: ScoredPhase;
let submissionId: string;
let expected: Record<string, EvalResult>;

const orNull = (v: number) => (v < 0 ? null : v);

beforeAll(async () => {
  phase = await createScoredPhase();
  submissionId = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
  await scoreSubmission(submissionId);
  const { gt } = await parseGroundTruthFile(FIXTURE_GT);
  expected = evaluateSplits(
    prepareGroundTruth(gt, "segm"),
    await parseResultsFile(FIXTURE_DT, { gt }),
    defaultParams("segm"),
    await splitsOf(phase.phaseId),
  );
});

describe("leaderboard numbers equal the worker's scores", () => {
  it("overall rows (public and, for organizers, private)", async () => {
    const context = (await loadPhaseContext(phase.challengeSlug, phase.phaseSlug))!;
    for (const split of ["public", "private"] as const) {
      const [row] = await loadOverallLeaderboard(context, split);
      expect(row.submissionId).toBe(submissionId);
      expect(row.rank).toBe(1);
      expect(METRIC_KEYS.map((k) => row.metrics[k])).toEqual(expected[split].stats.map(orNull));
      expect(row.primary).toBe(orNull(expected[split].stats[0]));
    }
  });

  it("per-class matrix cells, with undefined classes as null", async () => {
    const context = (await loadPhaseContext(phase.challengeSlug, phase.phaseSlug))!;
    const matrix = await loadClassMatrix(context, "public");
    const want = new Map(expected.public.perClass.map((c) => [c.categoryId, orNull(c.ap)]));
    expect(matrix.categories.map((c, i) => [c.cocoId, matrix.rows[0].cells[i]])).toEqual(
      matrix.categories.map((c) => [c.cocoId, want.get(c.cocoId) ?? null]),
    );
  });

  it("submission page metrics, per-class table and PR curves", async () => {
    const view = await loadSubmissionView(phase.member.viewer, phase.challengeSlug, submissionId);
    expect(METRIC_KEYS.map((k) => view.scores.public!.metrics[k])).toEqual(expected.public.stats.map(orNull));
    for (const c of expected.public.perClass) {
      const shown = view.scores.public!.perClass.find((x) => x.cocoId === c.categoryId)!;
      expect([shown.metrics.ap, shown.metrics.ap50, shown.numGt, shown.numDt]).toEqual([orNull(c.ap), orNull(c.ap50), c.numGt, c.numDt]);
      const curve = expected.public.prCurves.find((p) => p.categoryId === c.categoryId);
      if (curve) expect(shown.prCurves).toEqual({ recall: curve.recall, iou50: curve.iou50, iou75: curve.iou75, mean: curve.mean });
    }
  });
});
