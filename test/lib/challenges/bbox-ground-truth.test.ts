// A bbox-protocol phase takes a box-only ground truth (no `segmentation`), validated for bbox at
// upload, and scores box results on it with exactly lib/eval's numbers.
import { describe, expect, it } from "vitest";
import { createReadStream, readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { CocoValidationError } from "@/lib/coco";
import { defaultParams, evaluate, type CocoGroundTruth, type CocoResult, type EvalResult } from "@/lib/eval";
import { createChallenge } from "@/lib/challenges/challenges";
import { groundTruthSummary, ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { upsertPhase } from "@/lib/challenges/phases";
import { challengeFieldsSchema, phaseBodySchema } from "@/lib/challenges/schemas";
import { loadGroundTruth } from "@/lib/coco/ground-truth-cache";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { createUser, uniqueSuffix } from "../../helpers/factories";
import { insertSubmission, splitsOf } from "../../helpers/submission-fixtures";
import { tempJson } from "./helpers";

// One COCO image, 13 person boxes (with `ignore` fields) and a crowd box; no segmentation at all.
const BOX_GT = "test/fixtures/data/fce_small/gt_ignore_test.intid.json";
const BOX_DT = "test/fixtures/data/fce_small/dt_ignore_test.json";
// 100 real COCO val2014 images and cocoapi's fake bbox results, for a phase with a private split.
const VAL_GT = "test/fixtures/data/cocoapi_val2014_100/instances_val2014_100.json";
const VAL_DT = "test/fixtures/data/cocoapi_val2014_100/instances_val2014_fakebbox100_results.json";

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

async function phaseWithProtocol(iouType: "segm" | "bbox", split: { publicPercent: number; seed?: number }) {
  const organizer = await createUser({ canCreateChallenges: true });
  const slug = `bbox-${uniqueSuffix()}`;
  const challenge = await createChallenge(organizer.id, challengeFieldsSchema.parse({ slug, title: `Boxes ${slug}`, status: "PUBLISHED" }));
  const day = 86_400_000;
  const body = phaseBodySchema.parse({
    name: "Test",
    startsAt: new Date(Date.now() - day).toISOString(),
    endsAt: new Date(Date.now() + 30 * day).toISOString(),
    split,
    evaluation: { iouType },
  });
  const { phase } = await upsertPhase(organizer.id, challenge.id, "test", body);
  return { organizerId: organizer.id, phaseId: phase.id };
}

const upload = (p: { organizerId: string; phaseId: string }, file: string) =>
  ingestGroundTruth({ actorId: p.organizerId, phaseId: p.phaseId, source: createReadStream(file) });

async function scoresOf(submissionId: string) {
  const s = await prisma.submission.findUniqueOrThrow({ where: { id: submissionId }, include: { scores: true } });
  expect(s.status, s.errorMessage ?? "").toBe("FINISHED");
  return Object.fromEntries(
    s.scores.map((score) => [score.split, score.metrics as unknown as { stats: number[]; perClass: EvalResult["perClass"] }]),
  );
}

/** The ground truth and results restricted to `imageIds` (COCOeval's p.imgIds, done on the files). */
function restrictTo(gt: CocoGroundTruth, results: CocoResult[], imageIds: number[]) {
  const keep = new Set(imageIds);
  return {
    gt: { ...gt, images: gt.images.filter((i) => keep.has(i.id)), annotations: gt.annotations.filter((a) => keep.has(a.image_id)) },
    results: results.filter((r) => keep.has(r.image_id)),
  };
}

describe("a bbox-protocol phase", () => {
  it("accepts a box-only ground truth that a segm phase refuses", async () => {
    const segm = await phaseWithProtocol("segm", { publicPercent: 100 });
    const refused = await upload(segm, BOX_GT).catch((e) => e);
    expect(refused).toBeInstanceOf(CocoValidationError);
    expect((refused as CocoValidationError).problems[0].message).toMatch(/no segmentation/);

    const bbox = await phaseWithProtocol("bbox", { publicPercent: 100 });
    await upload(bbox, BOX_GT);
    const summary = (await groundTruthSummary(bbox.phaseId))!;
    const gt = readJson<CocoGroundTruth>(BOX_GT);
    expect(summary.numImages).toBe(1);
    expect(summary.numInstances + summary.numCrowd).toBe(gt.annotations.length);
    expect(summary.numCrowd).toBeGreaterThan(0);
    expect(summary.categories).toMatchObject([{ cocoId: 1, name: "person", instanceCount: summary.numInstances }]);
  });

  it("scores box results with the numbers evaluate() gives on the same files", async () => {
    const p = await phaseWithProtocol("bbox", { publicPercent: 100 });
    await upload(p, BOX_GT);
    const id = await insertSubmission({ phaseId: p.phaseId, teamId: null }, BOX_DT, "RUNNING");
    await scoreSubmission(id);

    const want = evaluate(readJson<CocoGroundTruth>(BOX_GT), readJson<CocoResult[]>(BOX_DT), defaultParams("bbox"));
    const got = await scoresOf(id);
    expect(Object.keys(got)).toEqual(["PUBLIC"]);
    expect(want.stats[0]).toBeGreaterThan(0);
    expect(got.PUBLIC.stats).toEqual(want.stats);
    expect(got.PUBLIC.perClass).toEqual(want.perClass);
  });

  it("scores each split of a box-only ground truth as evaluate() does on that split's images", async () => {
    const fullGt = readJson<CocoGroundTruth>(VAL_GT);
    const boxOnly: CocoGroundTruth = {
      ...fullGt,
      annotations: fullGt.annotations.map(({ segmentation: _dropped, ...box }) => box as CocoGroundTruth["annotations"][number]),
    };
    const p = await phaseWithProtocol("bbox", { publicPercent: 50, seed: 7 });
    await upload(p, tempJson(boxOnly));
    const id = await insertSubmission({ phaseId: p.phaseId, teamId: null }, VAL_DT, "RUNNING");
    await scoreSubmission(id);

    const splits = await splitsOf(p.phaseId);
    expect(splits.public.length).toBeGreaterThan(0);
    expect(splits.private.length).toBeGreaterThan(0);
    const results = readJson<CocoResult[]>(VAL_DT);
    const got = await scoresOf(id);
    for (const [split, imageIds] of [
      ["PUBLIC", splits.public],
      ["PRIVATE", splits.private],
    ] as const) {
      const restricted = restrictTo(boxOnly, results, imageIds);
      const want = evaluate(restricted.gt, restricted.results, defaultParams("bbox"));
      expect(got[split].stats, split).toEqual(want.stats);
      expect(
        got[split].perClass.map((c) => [c.categoryId, c.ap, c.numGt]),
        split,
      ).toEqual(want.perClass.map((c) => [c.categoryId, c.ap, c.numGt]));
    }
  });

  it("caches a ground truth per iouType: the box-only file parsed for bbox is not handed to a segm phase", async () => {
    const p = await phaseWithProtocol("bbox", { publicPercent: 100 });
    await upload(p, BOX_GT);
    const ref = await prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: p.phaseId }, select: { storageKey: true, sha256: true } });
    expect((await loadGroundTruth(ref, "bbox")).annotations.length).toBeGreaterThan(0);
    await expect(loadGroundTruth(ref, "segm")).rejects.toBeInstanceOf(CocoValidationError);
  });
});
