// Sharded evaluation: evaluateImg is per image, so the detections of a contiguous range of images
// (in the prepared image order) can be matched anywhere and the pieces put back together for
// accumulate. What a shard hands back is what accumulate reads of its dtOrder positions (image,
// rank in the unit, category, score, the match states) plus its detections per (image, category)
// for the per-class counts. Merging the shards in image order gives back the single-process
// positions one for one: units are ordered by image, then category, and a unit's detections never
// leave their shard, so their score order and maxDets cut are the same. The score ranks, global
// (the ranked lists' tie order), are recomputed from the scores over all shards.
import type { EvalParams } from "./types";
import { matchResults, type MatchedResults } from "./evaluate";
import type { PreparedGroundTruth } from "./prepare-ground-truth";
import { microRankedList } from "./micro";
import { normalizeParams, recallThresholds } from "./params";
import { rankPerCategory, rankPooledByImage, type PositionFacts } from "./ranked-lists";
import type { ResultTable } from "./result-table";
import { stableSortByScoreDescendingWithRanks } from "./stable-sorts";
import type { CocoResult, EvalOptions } from "./types";

/** The matching of one shard: its dtOrder positions (image, category in the prepared order) and states. */
export interface ShardMatching {
  /** The shard's images: prepared image indices [imageFrom, imageTo). */
  imageFrom: number;
  imageTo: number;
  thresholds: number;
  areas: number;
  image: Int32Array;
  rank: Int32Array;
  category: Int32Array;
  score: Float64Array;
  /** A * T states per position, as MatchStates.detState. */
  detState: Uint8Array;
  /** Detections (categories of the GT only) per (image, category) pair: the per-class numDt. */
  tallyImage: Int32Array;
  tallyCategory: Int32Array;
  tallyCount: Int32Array;
}

/** The image range of shard `s` of `shards`: contiguous, near-equal counts of images. */
export function shardImageRange(images: number, shards: number, s: number): [number, number] {
  return [Math.floor((images * s) / shards), Math.floor((images * (s + 1)) / shards)];
}

/** loadRes, IoUs and evaluateImg of one shard's detections (all in images [imageFrom, imageTo)). */
export function matchShard(
  prepared: PreparedGroundTruth,
  results: readonly CocoResult[] | ResultTable,
  params: EvalParams,
  imageRange: [number, number],
  opts: EvalOptions = {},
): ShardMatching {
  const m = matchResults(prepared, results, params, opts);
  const [imageFrom, imageTo] = imageRange;
  const { facts, dt } = m;
  for (let p = 0; p < facts.image.length; p++) {
    if (facts.image[p] < imageFrom || facts.image[p] >= imageTo)
      throw new RangeError(`shard [${imageFrom}, ${imageTo}) holds a detection of image index ${facts.image[p]}`);
  }
  // Detections per (image, category): file order groups an image's detections, so count runs of pairs.
  const K = prepared.categoryIds.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < dt.count; i++) {
    const c = dt.categoryIndex[i];
    if (c < 0) continue;
    const key = dt.imageIndex[i] * K + c;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = Float64Array.from(counts.keys()).sort();
  const tallyImage = new Int32Array(keys.length),
    tallyCategory = new Int32Array(keys.length),
    tallyCount = new Int32Array(keys.length);
  keys.forEach((key, j) => {
    tallyImage[j] = Math.floor(key / K);
    tallyCategory[j] = key % K;
    tallyCount[j] = counts.get(key)!;
  });
  return {
    imageFrom,
    imageTo,
    thresholds: m.states.thresholds,
    areas: m.states.areas,
    image: facts.image,
    rank: facts.rank,
    category: facts.category,
    score: facts.score,
    detState: m.states.detState,
    tallyImage,
    tallyCategory,
    tallyCount,
  };
}

function concat<T extends Int32Array | Float64Array | Uint8Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The MatchedResults of the whole file from its shards' matchings (every image range once, any
 * order): evaluateMatchedSplit over it equals evaluateSplits on the whole file, bit for bit.
 */
export function mergeShardMatchings(prepared: PreparedGroundTruth, params: EvalParams, shards: readonly ShardMatching[]): MatchedResults {
  const p = normalizeParams(params);
  const ordered = [...shards].sort((a, b) => a.imageFrom - b.imageFrom || a.imageTo - b.imageTo);
  let expected = 0;
  for (const s of ordered) {
    if (s.imageFrom !== expected) throw new RangeError(`shards leave images [${expected}, ${s.imageFrom}) out or cover them twice`);
    if (s.thresholds !== p.iouThresholds.length || s.areas !== p.areaRanges.length)
      throw new RangeError("a shard was matched with other IoU thresholds or area ranges");
    expected = s.imageTo;
  }
  if (expected !== prepared.imageIds.length) throw new RangeError(`shards stop at image ${expected} of ${prepared.imageIds.length}`);

  const score = concat(
    ordered.map((s) => s.score),
    (n) => new Float64Array(n),
  );
  const n = score.length;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const ranks = stableSortByScoreDescendingWithRanks(all, score);
  const facts: PositionFacts = {
    image: concat(
      ordered.map((s) => s.image),
      (m) => new Int32Array(m),
    ),
    rank: concat(
      ordered.map((s) => s.rank),
      (m) => new Int32Array(m),
    ),
    category: concat(
      ordered.map((s) => s.category),
      (m) => new Int32Array(m),
    ),
    score,
    scoreRank: ranks.rank,
    distinctScores: ranks.distinct,
  };
  const K = prepared.categoryIds.length;
  const tallyImage = concat(
    ordered.map((s) => s.tallyImage),
    (m) => new Int32Array(m),
  );
  return {
    params: p,
    dt: {
      count: tallyImage.length,
      imageIndex: tallyImage,
      categoryIndex: concat(
        ordered.map((s) => s.tallyCategory),
        (m) => new Int32Array(m),
      ),
      multiplicity: concat(
        ordered.map((s) => s.tallyCount),
        (m) => new Int32Array(m),
      ),
    },
    facts,
    macroLists: p.useCats ? rankPerCategory(facts, K) : rankPooledByImage(facts),
    microLists: p.useCats && p.classAveraging === "micro" ? microRankedList(facts, K) : null,
    states: {
      thresholds: p.iouThresholds.length,
      areas: p.areaRanges.length,
      detections: n,
      detState: concat(
        ordered.map((s) => s.detState),
        (m) => new Uint8Array(m),
      ),
    },
    recallThresholds: recallThresholds(p.recallPoints),
  };
}
