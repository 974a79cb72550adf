// The bulk and two-threaded loading must give exactly what loadRes one detection at a time gives,
// and the same error for bad input.
import { describe, expect, it } from "vitest";
import { prepareGroundTruth, type CocoResult } from "@/lib/eval";
import { loadResults } from "@/lib/eval/load-results-bulk";
import { loadResultsOneByOne, type LoadedResults } from "@/lib/eval/load-results";
import { encodeCounts } from "@/lib/eval/mask";
import { decodeMasks, evaluatorThreadOnline, startEvaluatorThreads } from "@/lib/eval/parallel/decode-masks";
import { listFixtureCases, loadCase } from "../fixture-cases";

function expectSameLoad(a: LoadedResults, b: LoadedResults): void {
  expect(a.count).toBe(b.count);
  expect(a.branch).toBe(b.branch);
  expect(a.imageIndex).toEqual(b.imageIndex);
  expect(a.categoryIndex).toEqual(b.categoryIndex);
  expect(a.score).toEqual(b.score);
  expect(a.area).toEqual(b.area);
  expect(a.boxes).toEqual(b.boxes);
  expect(a.masks === null).toBe(b.masks === null);
  if (!a.masks || !b.masks) return;
  for (let i = 0; i < a.count; i++) {
    const x = a.masks.get(i),
      y = b.masks.get(i);
    expect([x.h, x.w, x.area, ...x.bbox]).toEqual([y.h, y.w, y.area, ...y.bbox]);
    expect(Array.from(x.counts)).toEqual(Array.from(y.counts));
  }
}

describe("loadResults (bulk, one or two threads) equals loadResultsOneByOne", () => {
  for (const c of listFixtureCases()) {
    for (const iouType of ["segm", "bbox"] as const) {
      it(`${c.name} ${iouType}`, () => {
        const { gt, dt } = loadCase(c);
        const prepared = prepareGroundTruth(gt, iouType);
        const reference = loadResultsOneByOne(prepared, dt);
        expectSameLoad(loadResults(prepared, dt, undefined, { parallel: false }), reference);
        // Tiny chunks so that both threads get some whatever the fixture's size; with useCats known,
        // masks that cannot meet a GT are only measured (and decoded again if asked for).
        for (const useCats of [undefined, true, false]) {
          expectSameLoad(loadResults(prepared, dt, undefined, { parallel: true, chunkSize: 3, useCats }), reference);
        }
      });
    }
  }

  it("reports the first bad detection's error, as one by one would", () => {
    const { gt, dt } = loadCase(listFixtureCases().find((c) => c.name === "real_val2014_100_segm")!);
    const prepared = prepareGroundTruth(gt, "segm");
    const rle = (i: number) => dt[i].segmentation as { size: [number, number]; counts: string };
    const broken: CocoResult[] = dt.map((r) => ({ ...r }));
    broken[40] = { ...dt[40], segmentation: { ...rle(40), counts: rle(40).counts + "!" } };
    broken[30] = { ...dt[30], segmentation: { ...rle(30), counts: encodeCounts([1]) } };
    broken[50] = { ...dt[50], image_id: -7 };
    const expected = (() => {
      try {
        loadResultsOneByOne(prepared, broken);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("the broken input was accepted");
    })();
    expect(expected).toMatch(/results\[30\]/);
    for (const parallel of [false, true])
      expect(() => loadResults(prepared, broken, undefined, { parallel, chunkSize: 5 })).toThrow(expected);
  });
});

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe("decodeMasks", () => {
  it("gives the helper thread chunks and still the same columns", async () => {
    // A booted thread (startEvaluatorThreads) must take part: if it cannot run, this fails.
    startEvaluatorThreads();
    expect(await evaluatorThreadOnline()).toBe(true);
    // 200k small masks in chunks of 1000: the helper is handed the last two thirds.
    const strings: string[] = [];
    const h = 480,
      w = 640;
    for (let i = 0; i < 200_000; i++)
      strings.push(encodeCounts([1000 + (i % 997), 50 + (i % 31), 100, 70 + (i % 13), h * w - 1220 - (i % 997) - (i % 31) - (i % 13)]));
    const heights = new Int32Array(strings.length).fill(h),
      widths = new Int32Array(strings.length).fill(w);
    const one = decodeMasks(strings, heights, widths, null, { parallel: false });
    expect(one.invalid).toBe(-1);
    // steal: false leaves every handed chunk to the helper, however the OS schedules it; the default
    // (the main thread takes what the helper has not claimed yet) must give the same columns.
    const chunkCount = strings.length / 1000;
    for (const steal of [false, true]) {
      const two = decodeMasks(strings, heights, widths, null, { parallel: true, chunkSize: 1000, steal });
      expect(two.invalid).toBe(-1);
      for (const column of ["area", "box", "runs", "start", "counts"] as const) {
        expect(sameBytes(two[column], one[column]), column).toBe(true);
      }
      if (!steal) expect(two.workerChunks).toBe(chunkCount - Math.floor(chunkCount / 3));
    }
  });
});
