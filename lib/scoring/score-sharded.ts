import "server-only";
import { uploadReadLimits } from "@/lib/submissions/upload-limits";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { CocoValidationError, MAX_LISTED_PROBLEMS } from "@/lib/coco";
import { loadGroundTruth, loadPreparedGroundTruth } from "@/lib/coco/ground-truth-cache";
import { readResultsInto } from "@/lib/coco/result-columns";
import { env } from "@/lib/config";
import { EvalInputError, usesMasks, type EvalResult } from "@/lib/eval";
import { evaluateMatchedSplit } from "@/lib/eval/evaluate";
import { matchShard, mergeShardMatchings, shardImageRange } from "@/lib/eval/shard-matching";
import { splitMask } from "@/lib/eval/split-counts";
import { getObjectStore, readObject } from "@/lib/object-store";
import { decodeShardMatching, encodeShardMatching } from "@/lib/sharding/matching-bytes";
import { readShardTable, ShardWriter } from "@/lib/sharding/shard-file";
import { deleteSubmissionShards, submissionShardPrefix } from "@/lib/sharding/shard-store";
import { localPathForKey } from "@/lib/storage";
import { ScoringUserError } from "./errors";
import { overallProgress, type Progress } from "./progress";
import { loadScoringContext } from "./scoring-context";
import { writeScores } from "./write-scores";
import { cocoSplitScore } from "./split-scores";

// Sharded scoring of one submission, in three steps that may each run on a different worker (the
// worker's flow: one parent job, one child job per shard):
//   partitionSubmission  reads and checks the results file once (as scoreSubmission does) and cuts it
//                        into shard files of image ranges in the object store;
//   matchSubmissionShard loadRes, IoUs and evaluateImg of one shard; its matching goes to the store;
//   mergeSubmissionShards puts the matchings together, accumulates every split, writes the scores.
// The scores equal scoreSubmission's bit for bit (lib/eval/shard-matching.ts).

/** What the parent job keeps between its steps: where the shards are. */
export type ShardPlan = {
  /** Object-store folder of this partition (one per attempt of the parent). */
  prefix: string;
  shards: number;
  firstHasBbox: boolean;
  detections: number[];
};

export type StepOptions = { onProgress?: (p: Progress) => void };

const shardInputKey = (plan: ShardPlan, s: number) => `${plan.prefix}/in-${s}.bin`;
export const shardMatchingKey = (plan: ShardPlan, s: number) => `${plan.prefix}/matched-${s}.bin`;

function asUserError(e: unknown): unknown {
  if (e instanceof CocoValidationError) return new ScoringUserError(e.code, e.message, e.problems, e.total);
  if (e instanceof EvalInputError)
    return new ScoringUserError("invalid_results", `The results file has a problem: ${e.message}`, e.problems);
  return e;
}

async function scratchDir(what: string): Promise<string> {
  const base = path.join(env.DATA_DIR, "tmp");
  await mkdir(base, { recursive: true });
  return mkdtemp(path.join(base, `${what}-`));
}

/** Step 1: the results file, checked and cut into `shards` image shards in the object store. */
export async function partitionSubmission(submissionId: string, shards: number, opts: StepOptions = {}): Promise<ShardPlan> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const gt = await loadGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const file = await localPathForKey(ctx.resultsStorageKey);
  const dir = await scratchDir("partition");
  const writer = new ShardWriter(dir, shards, prepared.imageIndexById, prepared.imageIds.length, usesMasks(ctx.params.iouType));
  try {
    let firstHasBbox: boolean;
    try {
      ({ firstHasBbox } = await readResultsInto(
        file,
        {
          ...uploadReadLimits(), // expansion cap and token limits, as for every uploaded file
          gt,
          byteSize: (await stat(file)).size,
          iouType: ctx.params.iouType,
          useCats: ctx.params.useCats,
          imageSetName: ctx.imageSetName,
          maxProblems: MAX_LISTED_PROBLEMS,
          onProgress: (f: number) => report(overallProgress("parsing", f)),
        },
        writer,
      ));
    } catch (e) {
      throw asUserError(e);
    }
    const files = writer.finish();
    const plan: ShardPlan = {
      prefix: `${submissionShardPrefix(submissionId)}/${randomUUID()}`,
      shards,
      firstHasBbox,
      detections: files.counts,
    };
    const store = getObjectStore();
    for (let s = 0; s < shards; s++) await store.putFile(shardInputKey(plan, s), files.paths[s]);
    return plan;
  } finally {
    writer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Step 2 (a child job): the matching of shard `s`, stored under shardMatchingKey(plan, s). */
export async function matchSubmissionShard(submissionId: string, plan: ShardPlan, s: number, opts: StepOptions = {}): Promise<string> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const store = getObjectStore();
  const dir = await scratchDir("shard");
  try {
    const table = readShardTable(await store.localPath(shardInputKey(plan, s)), {
      firstHasBbox: plan.firstHasBbox,
      keepMaskBoxes: ctx.params.iouType === "bbox",
      spillDir: dir,
      capacity: plan.detections[s],
    });
    let bytes: Buffer;
    try {
      const matched = matchShard(prepared, table, ctx.params, shardImageRange(prepared.imageIds.length, plan.shards, s), {
        onProgress: (stage, f) => report(overallProgress(stage, f)),
      });
      bytes = encodeShardMatching(matched);
    } catch (e) {
      throw asUserError(e);
    } finally {
      table.dispose();
    }
    const out = path.join(dir, "matched.bin");
    await writeFile(out, bytes);
    const key = shardMatchingKey(plan, s);
    await store.putFile(key, out);
    return key;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Step 3: every shard's matching merged, each split accumulated and summarized; the scores written. */
export async function mergeSubmissionShards(submissionId: string, plan: ShardPlan, opts: StepOptions = {}): Promise<void> {
  const report = opts.onProgress ?? (() => undefined);
  const ctx = await loadScoringContext(submissionId);
  const prepared = await loadPreparedGroundTruth(ctx.groundTruth, ctx.params.iouType);
  const store = getObjectStore();
  const pieces = [];
  for (let s = 0; s < plan.shards; s++) pieces.push(decodeShardMatching(await readObject(store, shardMatchingKey(plan, s))));
  report(overallProgress("accumulating", 0));
  const matched = mergeShardMatchings(prepared, ctx.params, pieces);
  pieces.length = 0;
  const bySplit: Record<string, EvalResult> = {};
  for (const [name, ids] of Object.entries(ctx.splits)) bySplit[name] = evaluateMatchedSplit(prepared, matched, splitMask(prepared, ids));
  await writeScores(
    ctx,
    Object.fromEntries(Object.entries(bySplit).map(([name, result]) => [name, cocoSplitScore(ctx.primaryMetric, result)])),
  );
  // Every partition of the submission: also one an earlier attempt cut before its worker died.
  await deleteSubmissionShards(submissionId);
}
