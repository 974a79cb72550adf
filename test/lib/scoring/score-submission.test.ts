import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, evaluateSplits, prepareGroundTruth, EVALUATOR_VERSION } from "@/lib/eval";
import { encodeCounts } from "@/lib/eval/mask";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { ScoringUserError } from "@/lib/scoring/errors";
import { createScoredPhase, FIXTURE_DT, FIXTURE_GT, insertSubmission, splitsOf, type ScoredPhase } from "../../helpers/submission-fixtures";

let phase: ScoredPhase;
let scratch: string;

beforeAll(async () => {
  phase = await createScoredPhase();
  scratch = await mkdtemp(path.join(tmpdir(), "mb-scoring-"));
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("scoreSubmission", () => {
  it("stores per split exactly what lib/eval computes on the same files, in one FINISHED transaction", async () => {
    const id = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    const stages: string[] = [];
    await scoreSubmission(id, { onProgress: (p) => stages.push(p.stage) });

    const { gt } = await parseGroundTruthFile(FIXTURE_GT);
    const splits = await splitsOf(phase.phaseId);
    expect(splits.public.length).toBeGreaterThan(0);
    expect(splits.private.length).toBeGreaterThan(0);
    const expected = evaluateSplits(
      prepareGroundTruth(gt, "segm"),
      await parseResultsFile(FIXTURE_DT, { gt }),
      defaultParams("segm"),
      splits,
    );

    const submission = await prisma.submission.findUniqueOrThrow({
      where: { id },
      include: { scores: true, classScores: { include: { category: true } } },
    });
    expect(submission.status).toBe("FINISHED");
    expect(submission.progress).toBe(1);
    expect(submission.evaluatorVersion).toBe(EVALUATOR_VERSION);
    const gtRow = await prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: phase.phaseId } });
    expect(submission.groundTruthSha256).toBe(gtRow.sha256);
    expect(submission.scores.map((s) => s.split).sort()).toEqual(["PRIVATE", "PUBLIC"]);

    for (const score of submission.scores) {
      const want = expected[score.split === "PUBLIC" ? "public" : "private"];
      const metrics = score.metrics as { stats: number[]; perClass: unknown[] };
      expect(metrics.stats).toEqual(want.stats);
      expect(metrics.perClass).toEqual(want.perClass);
      expect([
        score.ap,
        score.ap50,
        score.ap75,
        score.apSmall,
        score.apMedium,
        score.apLarge,
        score.ar1,
        score.ar10,
        score.ar100,
        score.arSmall,
        score.arMedium,
        score.arLarge,
      ]).toEqual(want.stats);
      expect(score.primary).toBe(want.stats[0]);
      const classRows = submission.classScores.filter((c) => c.split === score.split);
      expect(classRows).toHaveLength(want.perClass.length);
      for (const c of want.perClass) {
        const row = classRows.find((r) => r.category.cocoId === c.categoryId)!;
        expect([row.ap, row.ap50, row.numGt, row.numDt]).toEqual([c.ap, c.ap50, c.numGt, c.numDt]);
        const curve = want.prCurves.find((p) => p.categoryId === c.categoryId)!;
        expect((row.prCurves as { iou50: number[] }).iou50).toEqual(curve.iou50);
      }
    }
    expect(stages).toContain("parsing");
    expect(stages).toContain("accumulating");
  });

  it("replaces the scores of an earlier run instead of adding a second set", async () => {
    const id = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    await scoreSubmission(id);
    await prisma.submission.update({ where: { id }, data: { status: "RUNNING" } });
    await scoreSubmission(id);
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(2);
  });

  it("writes nothing when the submission was cancelled while it was evaluated", async () => {
    const id = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    await prisma.submission.update({ where: { id }, data: { status: "CANCELLED" } });
    await expect(scoreSubmission(id)).rejects.toThrow(/no longer running/);
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(0);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
  });

  it("reports a bad results file as a user error with the validator's message", async () => {
    const bad = path.join(scratch, "bad.json");
    await writeFile(bad, JSON.stringify([{ image_id: 999999, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }]));
    const id = await insertSubmission(phase, bad, "RUNNING");
    const err = await scoreSubmission(id).catch((e) => e);
    expect(err).toBeInstanceOf(ScoringUserError);
    expect(err.message).toContain("999999");
  });

  it("reports RLE counts that do not cover the image as a user error, not a server failure to retry", async () => {
    const gt = JSON.parse(await readFile(FIXTURE_GT, "utf8")) as {
      images: { id: number; height: number; width: number }[];
      categories: { id: number }[];
    };
    const image = gt.images[0];
    const short = {
      image_id: image.id,
      category_id: gt.categories[0].id,
      score: 0.9,
      segmentation: { size: [image.height, image.width], counts: encodeCounts([5, 3]) },
    };
    const file = path.join(scratch, "short-runs.json");
    await writeFile(file, JSON.stringify([short]));
    const id = await insertSubmission(phase, file, "RUNNING");
    const err = await scoreSubmission(id).catch((e) => e);
    expect(err).toBeInstanceOf(ScoringUserError);
    expect(err.message).toMatch(/results\[0\]\.segmentation/);
    expect(err.message).toContain(String(image.height * image.width));
  });
});
