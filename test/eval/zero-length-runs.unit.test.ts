// Issue 17, "zero-length runs": an RLE may hold a zero-length run between two others ([a, 0, b] is
// the same pixels as [a + b]). pycocotools keeps such runs, and its rleIou stops walking two masks as
// soon as both sit on a zero-length run at the same pixel: it reports the IoU of the pixels walked so
// far. Maskboard merges interior zero-length runs of every results mask on load (mergeZeroRuns, one
// function for the bulk decoder, its helper thread, the single-mask path and the column reader of the
// worker), so it scores what pycocotools scores on the canonical file, and says how many it merged.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultParams } from "@/lib/eval";
import { canonicalRle, encodeCounts, maskIou, mergeZeroRuns, type Rle } from "@/lib/eval/mask";
import { evaluateFiles, groundTruthFromFile, type EvaluationMode } from "@/lib/evaluation";
import { writeTemp } from "../coco/temp-files";

const runs = (counts: number[]) => Uint32Array.from(counts);
const merged = (counts: number[]) => Array.from(canonicalRle({ h: 1, w: 1, counts: runs(counts) }).counts);

/** pycocotools 2.0.11 maskApi.c rleIou for one non-crowd pair, line for line (the early stop included). */
function pycocotoolsRleIou(dt: readonly number[], gt: readonly number[]): number {
  let ca = dt[0],
    cb = gt[0],
    va = false,
    vb = false,
    a = 1,
    b = 1,
    i = 0,
    u = 0,
    ct = 1;
  while (ct > 0) {
    const c = Math.min(ca, cb);
    if (va || vb) {
      u += c;
      if (va && vb) i += c;
    }
    ct = 0;
    ca -= c;
    if (!ca && a < dt.length) {
      ca = dt[a++];
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (!cb && b < gt.length) {
      cb = gt[b++];
      vb = !vb;
    }
    ct += cb;
  }
  return i / u;
}

// A 4x4 image, pixels in column-major order. GT: pixels 1-4; detection: pixels 1-2. True IoU 2/4.
const GT_RUNS = [1, 2, 0, 2, 11]; // canonical [1, 4, 11]
const DT_RUNS = [1, 2, 0, 0, 13]; // canonical [1, 2, 13]: a zero-length run at pixel 3, as the GT's

describe("mergeZeroRuns", () => {
  it("merges interior zero-length runs and keeps the colours of the runs after them", () => {
    expect(merged([3, 0, 4])).toEqual([7]);
    expect(merged([1, 2, 0, 0, 13])).toEqual([1, 2, 13]);
    expect(merged([1, 2, 0, 0, 0, 3, 5])).toEqual([1, 5, 5]);
    expect(merged([2, 3, 0, 4, 1])).toEqual([2, 7, 1]);
  });

  it("keeps a leading 0 (the mask starts with foreground) and a trailing 0", () => {
    expect(merged([0, 4, 2])).toEqual([0, 4, 2]);
    expect(merged([0, 0, 6])).toEqual([6]); // a leading 0 followed by an interior one: still the same pixels
    expect(merged([2, 4, 0])).toEqual([2, 4, 0]);
    expect(merged([5])).toEqual([5]);
    expect(merged([])).toEqual([]);
  });

  it("works in place on a slice of a larger buffer and returns the new run count", () => {
    const buffer = runs([9, 9, 1, 0, 1, 9]);
    expect(mergeZeroRuns(buffer, 2, 3)).toBe(1);
    expect(Array.from(buffer.subarray(0, 3))).toEqual([9, 9, 2]);
  });
});

describe("zero-length runs: the canonical IoU, not pycocotools' early stop", () => {
  const gt: Rle = { h: 4, w: 4, counts: runs(GT_RUNS) };
  const dt: Rle = { h: 4, w: 4, counts: runs(DT_RUNS) };

  it("is a case where pycocotools' rleIou stops early", () => {
    expect(pycocotoolsRleIou(DT_RUNS, GT_RUNS)).toBe(1); // stopped at pixel 3
    // On the canonical detection (what any canonical encoder writes) pycocotools gives the true IoU.
    expect(pycocotoolsRleIou(Array.from(canonicalRle(dt).counts), GT_RUNS)).toBe(0.5);
    expect(maskIou([dt], [gt], [0])[0]).toBe(0.5);
  });

  const image = (id: number) => ({ id, height: 4, width: 4, file_name: `${id}.png` });
  const gtFile = writeTemp("zero-runs-gt.json", {
    images: [image(1), image(2), image(3)],
    categories: [{ id: 1, name: "thing" }],
    annotations: [1, 2, 3].map((id) => ({
      id,
      image_id: id,
      category_id: 1,
      segmentation: { size: [4, 4], counts: GT_RUNS },
      area: 4,
      bbox: [0, 0, 2, 4],
      iscrowd: 0,
    })),
  });
  const results = (canonical: boolean) => {
    const counts = canonical ? [1, 2, 13] : DT_RUNS;
    return [
      { image_id: 1, category_id: 1, score: 0.9, segmentation: { size: [4, 4], counts: encodeCounts(counts) } },
      { image_id: 2, category_id: 1, score: 0.8, segmentation: { size: [4, 4], counts } }, // uncompressed
      { image_id: 3, category_id: 1, score: 0.7, segmentation: { size: [4, 4], counts: encodeCounts([1, 2, 13]) } },
    ];
  };
  const raw = writeTemp("zero-runs-dt.json", results(false));
  const canonical = writeTemp("zero-runs-canonical-dt.json", results(true));

  async function evaluateWith(resultsPath: string, mode: EvaluationMode, table: boolean) {
    const spillDir = table ? fs.mkdtempSync(path.join(os.tmpdir(), "zero-runs-")) : undefined;
    const { result, warnings } = await evaluateFiles(
      groundTruthFromFile(gtFile, "segm", mode),
      { path: resultsPath, spillDir },
      defaultParams("segm"),
      {
        mode,
      },
    );
    return { stats: result.all.stats, warnings };
  }

  // The CLI (both modes) reads the results as objects and decodes them in bulk; the worker reads
  // them into columns (spillDir): every path merges and counts.
  for (const [mode, table] of [
    ["pycocotools", false],
    ["challenge", false],
    ["challenge", true],
  ] as const) {
    it(`scores the canonical numbers and warns with the count (${mode}${table ? ", columns as the worker" : ""})`, async () => {
      const got = await evaluateWith(raw, mode, table);
      const want = await evaluateWith(canonical, mode, table);
      expect(want.warnings).toEqual([]);
      expect(got.stats).toEqual(want.stats);
      // IoU 0.5 on every image: matched at the 0.5 threshold only. pycocotools, stopping early on
      // images 1 and 2, would match them at every threshold (AP75 = 2/3 instead of 0).
      expect(got.stats[0]).toBeCloseTo(0.1, 12);
      expect(got.stats[1]).toBe(1);
      expect(got.stats[2]).toBe(0);
      expect(got.warnings).toEqual([
        {
          code: "zero_length_runs_merged",
          count: 2,
          message: expect.stringMatching(/^2 detection mask\(s\) have zero-length runs inside their RLE counts; they were merged/),
        },
      ]);
    });
  }
});
