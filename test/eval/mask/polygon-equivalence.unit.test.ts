// The optimised rleFromPolygon (scratch buffers, integer column/row tests) against a literal maskApi
// transcription: identical counts on every fixture polygon and on random and adversarial ones.
import { describe, expect, it } from "vitest";
import { rleFromPolygon } from "@/lib/eval/mask";
import { loadMaskFixtures } from "./fixtures";
import { referenceRleFromPolygon } from "./polygon-reference";
import { mulberry32 } from "@/lib/seeded-random";

function expectSameRaster(xy: number[], h: number, w: number): void {
  const got = Array.from(rleFromPolygon(xy, h, w).counts);
  const want = Array.from(referenceRleFromPolygon(xy, h, w).counts);
  if (got.length !== want.length || got.some((c, i) => c !== want[i])) {
    expect({ xy, h, w, counts: got }).toEqual({ xy, h, w, counts: want });
  }
}

describe("rleFromPolygon equals a literal maskApi rleFrPoly", () => {
  it("on every polygon of every fixture's ground truth and detections", () => {
    let polygons = 0;
    for (const fixture of loadMaskFixtures()) {
      const items = [
        ...fixture.gt.annotations.map((a) => ({ seg: a.segmentation, image: a.image_id })),
        ...fixture.dts.map((d) => ({ seg: d.segmentation, image: d.image_id })),
      ];
      for (const { seg, image } of items) {
        if (!Array.isArray(seg)) continue;
        const { h, w } = fixture.imageSize(image);
        for (const poly of seg as number[][]) {
          if (poly.length < 6) continue;
          expectSameRaster(poly, h, w);
          polygons++;
        }
      }
    }
    expect(polygons).toBeGreaterThan(1000);
  });

  it("on random polygons: inside, across and far outside the image, on the 1/5 grid and off it", () => {
    const rand = mulberry32(20261126);
    for (let n = 0; n < 3000; n++) {
      const h = 1 + Math.floor(rand() * 120);
      const w = 1 + Math.floor(rand() * 120);
      const k = 3 + Math.floor(rand() * 12);
      const mode = n % 5;
      const xy: number[] = [];
      for (let j = 0; j < k; j++) {
        let px = rand() * 1.4 * w - 0.2 * w;
        let py = rand() * 1.4 * h - 0.2 * h;
        if (mode === 1) [px, py] = [Math.round(px * 5) / 5, Math.round(py * 5) / 5]; // on the fine grid
        if (mode === 2) [px, py] = [Math.round(px) + 0.5, Math.round(py) - 0.5]; // rounding ties
        if (mode === 3) [px, py] = [px * 4 - 2 * w, py * 4 - 2 * h]; // far outside, negative coordinates
        if (mode === 4 && j > 0 && rand() < 0.4) [px, py] = [xy[xy.length - 2], xy[xy.length - 1]]; // repeated vertex
        xy.push(px, py);
      }
      expectSameRaster(xy, h, w);
    }
  });

  it("on random polygons in large images, long edges running in and out of it", () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 200; n++) {
      const h = 200 + Math.floor(rand() * 1200);
      const w = 200 + Math.floor(rand() * 1200);
      const k = 3 + Math.floor(rand() * 6);
      const xy: number[] = [];
      for (let j = 0; j < k; j++) xy.push(rand() * 1.6 * w - 0.3 * w, rand() * 1.6 * h - 0.3 * h);
      expectSameRaster(xy, h, w);
    }
  });

  it("on adversarial shapes: degenerate, repeated, tiny, negative around -0.5, huge, odd length", () => {
    const cases: [number[], number, number][] = [
      [[5, 5, 5, 5, 5, 5], 10, 10],
      [[0, 0, 0, 0, 9, 9, 9, 9, 0, 9], 10, 10],
      [[-0.5, -0.5, -0.6, 3, 4, -0.4, -0.49, -0.51], 6, 6],
      [[-3, -3, -3.1, 7, 7, 7.1, 7, -3], 5, 5],
      [[0.1, 0.1, 0.3, 0.1, 0.2, 0.35], 1, 1],
      [[-1000, 150, 50, 150, 50, 2000, -1000, 2000], 240, 320],
      [[220, 10, 260, 40, 260, 10, 220, 40], 240, 320],
      [[1, 1, 8, 1, 8, 8, 1, 8, 1, 1, 8, 1, 8, 8, 1, 8], 10, 10],
      [[2, 2, 7, 2, 7, 7, 2, 7, 5], 10, 10],
      [[0, 0, 1e5, 3, 1e5, 1e5, -1e5, 5], 50, 70],
      [[0.4, 0, 0.4, 10, 0.6, 10, 0.6, 0], 10, 3],
      [[10, 0, 10, 10, 10.2, 10, 10.2, 0], 10, 12],
    ];
    for (const [xy, h, w] of cases) expectSameRaster(xy, h, w);
  });

  it("gives independent results when called again (no scratch state leaks between calls)", () => {
    const big = [0, 0, 300, 0, 300, 200, 0, 200];
    const small = [1, 1, 4, 1, 4, 4];
    const first = Array.from(rleFromPolygon(small, 6, 6).counts);
    const bigCounts = rleFromPolygon(big, 200, 300).counts;
    const bigCopy = Array.from(bigCounts);
    expect(Array.from(rleFromPolygon(small, 6, 6).counts)).toEqual(first);
    expect(Array.from(bigCounts)).toEqual(bigCopy);
  });
});
