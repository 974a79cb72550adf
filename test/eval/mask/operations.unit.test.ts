// encode/decode, merge, area, toBbox and IoU on hand-made masks where the answer is known pixel by pixel.
import { describe, expect, it } from "vitest";
import {
  assertRleCoversImage,
  bboxIou,
  decodeMask,
  encodeMask,
  InvalidRleError,
  maskIou,
  prepareRle,
  rleArea,
  rleMerge,
  rleToBbox,
  type Rle,
} from "@/lib/eval/mask";

/** Builds a column-major mask of h x w from the pixels (x, y) listed. */
function maskOf(h: number, w: number, pixels: [number, number][]): Uint8Array {
  const m = new Uint8Array(h * w);
  for (const [x, y] of pixels) m[x * h + y] = 1;
  return m;
}
function rect(h: number, w: number, x0: number, y0: number, rw: number, rh: number): Rle {
  const pixels: [number, number][] = [];
  for (let x = x0; x < x0 + rw; x++) for (let y = y0; y < y0 + rh; y++) pixels.push([x, y]);
  return encodeMask(maskOf(h, w, pixels), h, w);
}
const rle = (h: number, w: number, counts: number[]): Rle => ({ h, w, counts: Uint32Array.from(counts) });

describe("encodeMask / decodeMask", () => {
  it("runs are column-major and start with background", () => {
    // 3 x 2 image, pixels (x=0,y=2) and (x=1,y=0): indices 2 and 3 in column-major order.
    const r = encodeMask(
      maskOf(3, 2, [
        [0, 2],
        [1, 0],
      ]),
      3,
      2,
    );
    expect(Array.from(r.counts)).toEqual([2, 2, 2]);
    expect(Array.from(encodeMask(maskOf(2, 2, [[0, 0]]), 2, 2).counts)).toEqual([0, 1, 3]);
  });

  it("round-trips random masks", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const h = 1 + Math.floor(next() * 30);
      const w = 1 + Math.floor(next() * 30);
      const density = next();
      const mask = Uint8Array.from({ length: h * w }, () => (next() < density ? 1 : 0));
      const r = encodeMask(mask, h, w);
      expect(decodeMask(r)).toEqual(mask);
      expect(rleArea(r)).toBe(mask.reduce((a, b) => a + b, 0));
    }
  });

  it("refuses to decode runs that do not cover h*w pixels, saying both numbers", () => {
    expect(() => decodeMask(rle(2, 2, [1, 2]))).toThrow(InvalidRleError);
    expect(() => assertRleCoversImage(rle(2, 2, [1, 2, 3]), "gt 7")).toThrow(/gt 7: RLE counts sum to 6 pixels but size \[2, 2\] has 4/);
    expect(() => assertRleCoversImage(rle(2, 2, [1, 2, 1]))).not.toThrow();
  });
});

describe("rleMerge", () => {
  const h = 6;
  const w = 5;
  const A = rect(h, w, 0, 0, 3, 3);
  const B = rect(h, w, 2, 2, 3, 3);

  it("union and intersection agree with pixelwise OR / AND", () => {
    const a = decodeMask(A);
    const b = decodeMask(B);
    expect(decodeMask(rleMerge([A, B], false))).toEqual(a.map((v, i) => v | b[i]));
    expect(decodeMask(rleMerge([A, B], true))).toEqual(a.map((v, i) => v & b[i]));
    expect(rleArea(rleMerge([A, B], false))).toBe(9 + 9 - 1);
    expect(rleArea(rleMerge([A, B], true))).toBe(1);
  });

  it("folds more than two masks left to right", () => {
    const C = rect(h, w, 4, 5, 1, 1);
    expect(rleArea(rleMerge([A, B, C], false))).toBe(17 + 1);
    expect(rleArea(rleMerge([A, B, C], true))).toBe(0);
  });

  it("returns a single input's counts untouched, even non-canonical ones", () => {
    expect(Array.from(rleMerge([rle(1, 5, [1, 1, 0, 2, 1])], false).counts)).toEqual([1, 1, 0, 2, 1]);
  });

  it("keeps a zero-length run of its input, as maskApi's run walk emits it (bytes matter for counts strings)", () => {
    // Mask 0 1 1 0 written with an empty background run between the ones, unioned with an empty mask.
    const merged = rleMerge([rle(1, 4, [1, 1, 0, 1, 1]), rle(1, 4, [4])], false);
    expect(Array.from(merged.counts)).toEqual([1, 1, 0, 1, 1]);
  });

  it("rejects masks of different sizes or pixel totals instead of looping forever", () => {
    expect(() => rleMerge([rle(2, 2, [4]), rle(1, 4, [4])], false)).toThrow(/different sizes/);
    expect(() => rleMerge([rle(2, 2, [4]), rle(2, 2, [3])], false)).toThrow(InvalidRleError);
  });
});

describe("rleToBbox", () => {
  it("gives the tight box of a blob inside one column range", () => {
    expect(rleToBbox(rect(10, 10, 3, 4, 2, 5))).toEqual([3, 4, 2, 5]);
  });

  it("widens to the full image height when one run crosses a column (maskApi's treatment of columns)", () => {
    // Pixels (x=0,y=9) and (x=1,y=0) are one run in column-major order: the box spans all rows.
    expect(
      rleToBbox(
        encodeMask(
          maskOf(10, 4, [
            [0, 9],
            [1, 0],
          ]),
          10,
          4,
        ),
      ),
    ).toEqual([0, 0, 2, 10]);
  });

  it("is [0, 0, 0, 0] for an empty mask", () => {
    expect(rleToBbox(rle(4, 4, [16]))).toEqual([0, 0, 0, 0]);
  });

  it("skips empty foreground runs; when all are empty the uint arithmetic wraps, as in maskApi", () => {
    expect(rleToBbox(rle(4, 4, [5, 0, 11]))).toEqual([4, 4, 2 ** 32 - 4 + 1, 2 ** 32 - 4 + 1]);
  });
});

describe("maskIou", () => {
  const h = 20;
  const w = 20;
  const crowd = rect(h, w, 0, 0, 10, 10); // area 100

  it("is |A and B| / |A or B| for ordinary ground truth", () => {
    const iou = maskIou([rect(h, w, 5, 5, 10, 10)], [rect(h, w, 0, 0, 10, 10)], [0]);
    expect(iou[0]).toBe(25 / 175);
  });

  it("crowd IoU = intersection / detection area (a detection inside a crowd region scores 1)", () => {
    const inside = rect(h, w, 2, 2, 2, 2); // area 4, fully inside
    const half = rect(h, w, 8, 2, 4, 4); // area 16, 8 of them inside
    const iou = maskIou([inside, half], [crowd], [1]);
    expect(Array.from(iou)).toEqual([1, 0.5]);
    const ordinary = maskIou([inside, half], [crowd], [0]);
    expect(Array.from(ordinary)).toEqual([4 / 100, 8 / 108]);
  });

  it("is row-major detections x ground truths", () => {
    const dts = [rect(h, w, 0, 0, 10, 10), rect(h, w, 15, 15, 5, 5)];
    const gts = [rect(h, w, 15, 15, 5, 5), rect(h, w, 0, 0, 10, 10), rect(h, w, 0, 0, 5, 10)];
    expect(Array.from(maskIou(dts, gts, [0, 0, 0]))).toEqual([0, 1, 0.5, 1, 0, 0]);
  });

  it("pairs with disjoint boxes are 0 via the box prefilter, touching boxes included", () => {
    const left = rect(h, w, 0, 0, 5, 20);
    const right = rect(h, w, 5, 0, 5, 20);
    expect(Array.from(maskIou([left], [right], [0]))).toEqual([0]);
    expect(Array.from(maskIou([left], [right], [1]))).toEqual([0]);
  });

  it("gives -1 for overlapping masks of different image sizes, as rleIou does", () => {
    expect(Array.from(maskIou([rect(10, 10, 0, 0, 5, 5)], [rect(20, 20, 0, 0, 5, 5)], [0]))).toEqual([-1]);
  });

  it("returns an empty array when either side is empty (pycocotools returns [])", () => {
    expect(maskIou([], [crowd], [1]).length).toBe(0);
    expect(maskIou([crowd], [], []).length).toBe(0);
  });

  it("counts non-canonical runs exactly (zero-length runs and a leading 0 run)", () => {
    const a = rle(1, 6, [0, 2, 0, 0, 2, 2]); // 1 1 0 0 1 1
    const b = rle(1, 6, [1, 4, 1]); //          0 1 1 1 1 0
    expect(Array.from(decodeMask(a))).toEqual([1, 1, 0, 0, 1, 1]);
    expect(maskIou([a], [b], [0])[0]).toBe(2 / 6);
  });

  it("prepareRle rejects runs not covering the image, which would hang maskApi's run walk", () => {
    expect(() => prepareRle(rle(2, 2, [1, 1]), "detection 3")).toThrow(/detection 3: RLE counts sum to 2/);
  });
});

describe("bboxIou", () => {
  it("matches bbIou: intersection over union, crowd union = detection area, touching boxes 0", () => {
    const iou = bboxIou(
      [
        [0, 0, 10, 10],
        [10, 0, 5, 5],
      ],
      [
        [5, 5, 10, 10],
        [0, 0, 20, 20],
      ],
      [0, 1],
    );
    expect(Array.from(iou)).toEqual([25 / 175, 100 / 100, 0, 25 / 25]);
  });

  it("accepts a flat Float64Array and returns [] for empty input", () => {
    expect(Array.from(bboxIou(Float64Array.of(0, 0, 2, 2), Float64Array.of(1, 1, 2, 2), [false]))).toEqual([1 / 7]);
    expect(bboxIou([], [[0, 0, 1, 1]], [0]).length).toBe(0);
  });

  it("rejects a box without 4 numbers", () => {
    expect(() => bboxIou([[0, 0, 1]], [[0, 0, 1, 1]], [0])).toThrow(/dts\[0\]: a box needs 4 numbers/);
  });
});
