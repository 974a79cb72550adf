// Sharded evaluation through real worker processes: a file above SHARD_MIN_MB is cut into image
// shards, matched by child jobs and merged by the parent. The scores equal the single-process ones
// bit for bit; a shard whose worker is killed is retried alone (no re-partition, the other shards not
// run again) and the submission counts one attempt; cancelling the submission removes the shard jobs
// not started, stops the running one and removes every shard file at once.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { getLargeEvaluationsQueue } from "@/lib/queue";
import { evaluationJobSchema } from "@/lib/scheduling/evaluation-job";
import { getObjectStore } from "@/lib/object-store";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { cancelSubmission } from "@/lib/submissions/cancel";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";
import { COCO_CATEGORY_NAMES } from "../../scripts/synth/coco-categories";
import { generateGroundTruth } from "../../scripts/synth/ground-truth";
import { generateResults } from "../../scripts/synth/results";
import { writeJsonArray } from "../../scripts/synth/write-json";
import { deletePrefixKeys, waitForSubmission } from "./wait";

vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_sharded`;
  process.env.LARGE_JOB_MIN_MB = "1"; // the test's files go to the large-job queue, where shards run
});

// ~2.5 MiB of results: 3 shards of 1 MiB. Short locks: a killed worker's shard is found stalled in seconds.
const WORKER_ENV = {
  WATCHDOG_INTERVAL_MS: "0",
  LARGE_JOB_MIN_MB: "1",
  SHARD_MIN_MB: "1",
  SHARD_TARGET_MB: "1",
  WORKER_LOCK_DURATION_MS: "3000",
  WORKER_STALLED_INTERVAL_MS: "1000",
};

/** A seeded synthetic phase (scripts/synth): `images` images, ~80 detections each. */
async function writeCase(images: number): Promise<{ gtPath: string; resultsPath: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "mb-sharded-case-"));
  const { gt, objects } = generateGroundTruth({
    seed: 11,
    images,
    imageSizes: [
      [640, 480],
      [480, 640],
    ],
    categories: COCO_CATEGORY_NAMES.slice(0, 20),
    instancesPerImage: 7,
    crowdRegions: Math.ceil(images / 20),
  });
  const results = generateResults(gt, objects, {
    seed: 3,
    recall: 0.85,
    noise: 0.35,
    duplicates: 0.2,
    falsePositivesPerImage: 80,
    wrongClass: 0.1,
    maxPerImage: 100,
  });
  const gtPath = path.join(dir, "gt.json");
  const resultsPath = path.join(dir, "results.json");
  await writeFile(gtPath, JSON.stringify(gt));
  await writeJsonArray(resultsPath, results);
  return { gtPath, resultsPath };
}

const workers: RunningWorker[] = [];
let phase: ScoredPhase;
let resultsPath: string;
let holdDir: string;

beforeAll(async () => {
  const large = await writeCase(150);
  resultsPath = large.resultsPath;
  phase = await createScoredPhase({}, large.gtPath);
  holdDir = await mkdtemp(path.join(tmpdir(), "mb-shard-hold-"));
}, 120_000);

afterAll(async () => {
  for (const w of workers) await w.stop("SIGKILL");
  await getLargeEvaluationsQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

async function started(env: Record<string, string>): Promise<RunningWorker> {
  const w = await startWorker({ ...WORKER_ENV, ...env });
  workers.push(w);
  return w;
}

async function waitForFile(file: string, timeoutMs: number, worker: RunningWorker): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} not written after ${timeoutMs} ms:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scoresOf(submissionId: string) {
  const scores = await prisma.score.findMany({ where: { submissionId }, orderBy: { split: "asc" } });
  const classes = await prisma.classScore.findMany({ where: { submissionId }, orderBy: [{ split: "asc" }, { categoryId: "asc" }] });
  return {
    scores: scores.map((s) => ({ split: s.split, metrics: s.metrics, primary: s.primary })),
    classes: classes.map((c) => ({ split: c.split, categoryId: c.categoryId, ap: c.ap, numDt: c.numDt, prCurves: c.prCurves })),
  };
}

describe("sharded evaluation", () => {
  it("scores a large file in 3 shards, equal to one process bit for bit; a killed shard is retried alone", async () => {
    const reference = await insertSubmission(phase, resultsPath, "RUNNING");
    await scoreSubmission(reference);
    const id = await insertSubmission({ ...phase, teamId: null }, resultsPath);

    const first = await started({ WORKER_TEST_HOLD_DIR: holdDir });
    await enqueueEvaluation(id);
    await waitForFile(path.join(holdDir, `${id}.held`), 60_000, first);
    await writeFile(path.join(holdDir, `${id}.release`), "");
    // Let two shards through; hold the third and kill its worker.
    const released: number[] = [];
    let victim = -1;
    const deadline = Date.now() + 120_000;
    while (victim < 0) {
      if (Date.now() > deadline) throw new Error(`no third shard held:\n${first.output()}`);
      for (const name of await readdir(holdDir)) {
        const m = new RegExp(`^${id}\\.shard-(\\d+)\\.held$`).exec(name);
        if (!m || released.includes(Number(m[1]))) continue;
        if (released.length < 2) {
          released.push(Number(m[1]));
          await writeFile(path.join(holdDir, `${id}.shard-${m[1]}.release`), "");
        } else victim = Number(m[1]);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const parent = await getLargeEvaluationsQueue().getJob(id);
    const plan = evaluationJobSchema.parse(parent!.data).plan!;
    expect(plan.shards).toBe(3);
    const killedAt = Date.now();
    await first.stop("SIGKILL");

    await started({});
    const done = await waitForSubmission(id, (s) => s.status === "FINISHED" || s.status === "FAILED", 150_000);
    expect(done.status, done.errorMessage ?? "").toBe("FINISHED");
    expect(await scoresOf(id)).toEqual(await scoresOf(reference));
    // One attempt of the submission: neither the shard's retry nor the parent's return to merge counts.
    expect((await prisma.submission.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);

    // The parent kept its partition; only the killed shard ran again.
    const after = await getLargeEvaluationsQueue().getJob(id);
    expect(after === undefined || evaluationJobSchema.parse(after.data).plan?.prefix === plan.prefix).toBe(true);
    const queue = getLargeEvaluationsQueue();
    for (let s = 0; s < 3; s++) {
      const child = await queue.getJob(`${id}-shard-${s}-${plan.prefix.split("/").pop()}`);
      expect(child, `shard ${s}`).toBeTruthy();
      if (s === victim) expect(child!.finishedOn!, "the killed shard finished after the kill").toBeGreaterThan(killedAt);
      else expect(child!.finishedOn!, `shard ${s} ran once, before the kill`).toBeLessThan(killedAt);
    }
    // The shard files are gone once the scores are written.
    expect(await getObjectStore().list(`${plan.prefix}/`)).toEqual([]);
  }, 300_000);

  it("cancelling the submission stops its shards: none is matched, no scores", async () => {
    for (const w of workers.splice(0)) await w.stop("SIGKILL");
    const id = await insertSubmission({ ...phase, teamId: null }, resultsPath);
    const worker = await started({ WORKER_TEST_HOLD_DIR: holdDir });
    await enqueueEvaluation(id);
    await waitForFile(path.join(holdDir, `${id}.held`), 60_000, worker);
    await writeFile(path.join(holdDir, `${id}.release`), "");
    // A shard is about to run: cancel, then let it go.
    const deadline = Date.now() + 60_000;
    let held: string | undefined;
    while (!held) {
      if (Date.now() > deadline) throw new Error(`no shard held:\n${worker.output()}`);
      held = (await readdir(holdDir)).find((n) => n.startsWith(`${id}.shard-`) && n.endsWith(".held"));
      await new Promise((r) => setTimeout(r, 50));
    }
    const plan = evaluationJobSchema.parse((await getLargeEvaluationsQueue().getJob(id))!.data).plan!;
    const queue = getLargeEvaluationsQueue();
    const children = Array.from({ length: 3 }, (_, s) => `${id}-shard-${s}-${plan.prefix.split("/").pop()}`);
    await cancelSubmission(id, { actorId: null, reason: "test" });
    // At once: every shard file is gone, and so are the shard jobs not started (the held one, which
    // holds the worker's only large slot, stops by itself).
    expect(await getObjectStore().list(`${plan.prefix}/`)).toEqual([]);
    const heldJob = children[Number(/shard-(\d+)/.exec(held)![1])];
    for (const c of children.filter((c) => c !== heldJob)) expect(await queue.getJob(c), c).toBeUndefined();
    for (let s = 0; s < 3; s++) await writeFile(path.join(holdDir, `${id}.shard-${s}.release`), "");

    // Every child ends without work (or was removed with the cancelled parent); nothing was matched.
    const until = Date.now() + 60_000;
    for (;;) {
      const states = await Promise.all([id, ...children].map(async (c) => (await queue.getJob(c))?.getState()));
      if (states.every((s) => s === "completed" || s === undefined)) break;
      if (Date.now() > until) throw new Error(`jobs ${states.join(", ")}:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of children) expect((await queue.getJob(c))?.returnvalue ?? null, c).toBeNull();
    expect(await getObjectStore().list(`${plan.prefix}/`)).toEqual([]);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CANCELLED");
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(0);
  }, 200_000);
});
