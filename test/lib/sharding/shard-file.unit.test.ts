// A results file cut into shard files by image (ShardWriter), each read back (readShardTable) and
// matched alone, then merged: the same scores as reading the whole file, to the last bit, on every
// reference case; the matchings survive their byte encoding.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readResultsInto, readResultTable } from "@/lib/coco/result-columns";
import { defaultParams, evaluateSplits, prepareGroundTruth, usesMasks, type CocoGroundTruth, type EvalParams } from "@/lib/eval";
import { evaluateMatchedSplit } from "@/lib/eval/evaluate";
import { matchShard, mergeShardMatchings, shardImageRange } from "@/lib/eval/shard-matching";
import { splitMask } from "@/lib/eval/split-counts";
import { decodeShardMatching, encodeShardMatching } from "@/lib/sharding/matching-bytes";
import { readShardTable, ShardWriter } from "@/lib/sharding/shard-file";
import { listFixtureCases, readJson } from "../../eval/fixture-cases";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shard-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shardedScores(gt: CocoGroundTruth, dtPath: string, params: EvalParams, shards: number, splits: Record<string, number[]>) {
  const prepared = prepareGroundTruth(gt, params.iouType);
  const N = prepared.imageIds.length;
  const out = await mkdtemp(path.join(dir, "run-"));
  const writer = new ShardWriter(out, shards, prepared.imageIndexById, N, usesMasks(params.iouType));
  const { firstHasBbox } = await readResultsInto(
    dtPath,
    { gt, iouType: params.iouType, useCats: params.useCats, rules: "pycocotools" },
    writer,
  );
  const files = writer.finish();
  const pieces = files.paths.map((file, s) => {
    // Small in-memory counts: the spill file is exercised too.
    const table = readShardTable(file, { firstHasBbox, keepMaskBoxes: params.iouType === "bbox", spillDir: out, countsMemoryBytes: 1 });
    expect(table.count).toBe(files.counts[s]);
    const m = matchShard(prepared, table, params, shardImageRange(N, shards, s));
    table.dispose();
    return decodeShardMatching(encodeShardMatching(m));
  });
  const matched = mergeShardMatchings(prepared, params, pieces);
  return Object.fromEntries(
    Object.entries(splits).map(([name, ids]) => [name, evaluateMatchedSplit(prepared, matched, splitMask(prepared, ids))]),
  );
}

describe("shard files", () => {
  for (const c of listFixtureCases()) {
    for (const run of c.runs) {
      it(`${c.name} ${run.key}: 3 shard files score as the whole file`, async () => {
        const gt = readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt));
        const dtPath = path.resolve(c.dir, c.expected.dt);
        const params: EvalParams = { ...defaultParams(run.iouType), useCats: run.useCats };
        const ids = gt.images.map((i) => i.id).sort((a, b) => a - b);
        const splits = { public: ids.filter((_, i) => i % 2 === 0), private: ids.filter((_, i) => i % 2 === 1) };
        let whole;
        try {
          const table = await readResultTable(dtPath, {
            gt,
            iouType: run.iouType,
            useCats: run.useCats,
            rules: "pycocotools",
            spillDir: dir,
          });
          whole = evaluateSplits(prepareGroundTruth(gt, run.iouType), table, params, splits);
          table.dispose();
        } catch (e) {
          // A file the reader refuses is refused the same way when it is cut into shards.
          await expect(shardedScores(gt, dtPath, params, 3, splits)).rejects.toThrow((e as Error).message);
          return;
        }
        expect(await shardedScores(gt, dtPath, params, 3, splits)).toEqual(whole);
      });
    }
  }

  it("keeps a backslash of the counts (escaped in JSON) as one byte", async () => {
    const gt: CocoGroundTruth = { images: [{ id: 1, height: 20, width: 20 }], categories: [{ id: 1, name: "a" }], annotations: [] };
    const prepared = prepareGroundTruth(gt, "segm");
    const file = path.join(dir, "escaped.json");
    // Runs [4, 396] are "4\\<" in COCO's alphabet (character 92 is a backslash), "4\\\\<" in JSON.
    await writeFile(file, JSON.stringify([{ image_id: 1, category_id: 1, score: 0.5, segmentation: { size: [20, 20], counts: "4\\<" } }]));
    const out = await mkdtemp(path.join(dir, "esc-"));
    const writer = new ShardWriter(out, 1, prepared.imageIndexById, 1, true);
    await readResultsInto(file, { gt, iouType: "segm", useCats: true }, writer);
    const files = writer.finish();
    const table = readShardTable(files.paths[0], { firstHasBbox: false, keepMaskBoxes: false, spillDir: out });
    expect(table.count).toBe(1);
    expect(table.counts(0)).toBe("4\\<");
    expect(table.maskArea[0]).toBe(396);
    table.dispose();
  });

  it("refuses a detection without a bbox after results[0] had one, with the file's index", async () => {
    const gt = readJson<CocoGroundTruth>(path.resolve(listFixtureCases()[0].dir, listFixtureCases()[0].expected.gt));
    const prepared = prepareGroundTruth(gt, "segm");
    const writer = new ShardWriter(dir, 2, prepared.imageIndexById, prepared.imageIds.length, true);
    const mask = { h: 10, w: 10, area: 1, box: new Float64Array(4), counts: { text: "0" } };
    const base = { imageId: gt.images[0].id, categoryId: 1, score: 1, mask };
    writer.add({ ...base, index: 0, bbox: Float64Array.of(0, 0, 1, 1) });
    expect(() => writer.add({ ...base, index: 1, bbox: null })).toThrow(/results\[1\] has no bbox/);
    writer.close();
  });
});
