// Sharded evaluation: matching image shards apart and merging them gives evaluateSplits' result to the
// last bit (stats, per-class numbers, PR curves), on every reference case, whatever the shard count.
import { describe, expect, it } from "vitest";
import { defaultParams, evaluateSplits, prepareGroundTruth, type CocoResult, type EvalParams } from "@/lib/eval";
import { evaluateMatchedSplit } from "@/lib/eval/evaluate";
import { matchShard, mergeShardMatchings, shardImageRange } from "@/lib/eval/shard-matching";
import { splitMask } from "@/lib/eval/split-counts";
import { listFixtureCases, loadCase } from "./fixture-cases";

function sharded(
  gt: Parameters<typeof prepareGroundTruth>[0],
  dt: CocoResult[],
  params: EvalParams,
  shards: number,
  splits: Record<string, number[]>,
) {
  const prepared = prepareGroundTruth(gt, params.iouType);
  const N = prepared.imageIds.length;
  const pieces = [];
  for (let s = 0; s < shards; s++) {
    const range = shardImageRange(N, shards, s);
    const mine = dt.filter((d) => {
      const i = prepared.imageIndexById.get(d.image_id)!;
      return i >= range[0] && i < range[1];
    });
    pieces.push(matchShard(prepared, mine, params, range));
  }
  // Shards come back in any order.
  const matched = mergeShardMatchings(prepared, params, pieces.reverse());
  return Object.fromEntries(
    Object.entries(splits).map(([name, ids]) => [name, evaluateMatchedSplit(prepared, matched, splitMask(prepared, ids))]),
  );
}

describe("sharded matching", () => {
  for (const c of listFixtureCases()) {
    for (const run of c.runs) {
      it(`${c.name} ${run.key}: 1, 2, 3 and 7 shards equal the single-process evaluation`, () => {
        const { gt, dt } = loadCase(c);
        const params: EvalParams = { ...defaultParams(run.iouType), useCats: run.useCats };
        const ids = gt.images.map((i) => i.id).sort((a, b) => a - b);
        const splits = { public: ids.filter((_, i) => i % 3 !== 0), private: ids.filter((_, i) => i % 3 === 0) };
        const whole = evaluateSplits(prepareGroundTruth(gt, run.iouType), dt, params, splits);
        for (const shards of [1, 2, 3, 7]) expect(sharded(gt, dt, params, shards, splits), `${shards} shards`).toEqual(whole);
      });
    }
  }

  it("micro averaging over shards equals the single process", () => {
    const c = listFixtureCases().find((x) => x.name === "real_val2014_100_segm")!;
    const { gt, dt } = loadCase(c);
    const params: EvalParams = { ...defaultParams("segm"), classAveraging: "micro" };
    const splits = { all: gt.images.map((i) => i.id) };
    const whole = evaluateSplits(prepareGroundTruth(gt, "segm"), dt, params, splits);
    expect(sharded(gt, dt, params, 4, splits)).toEqual(whole);
  });

  it("refuses shards that leave images out or overlap", () => {
    const c = listFixtureCases().find((x) => x.name === "real_val2014_100_segm")!;
    const { gt, dt } = loadCase(c);
    const params = defaultParams("segm");
    const prepared = prepareGroundTruth(gt, "segm");
    const N = prepared.imageIds.length;
    const first = matchShard(
      prepared,
      dt.filter((d) => prepared.imageIndexById.get(d.image_id)! < 10),
      params,
      [0, 10],
    );
    expect(() => mergeShardMatchings(prepared, params, [first])).toThrow(/stop at image 10/);
    expect(() => mergeShardMatchings(prepared, params, [first, first])).toThrow(/out or cover them twice/);
    expect(() => matchShard(prepared, dt, params, [0, 10])).toThrow(/holds a detection of image index/);
    expect(N).toBeGreaterThan(10);
  });
});
