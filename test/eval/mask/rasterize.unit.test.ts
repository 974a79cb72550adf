// Polygon / box / uncompressed-RLE quirks of pycocotools, each pinned by name.
import { describe, expect, it } from "vitest";
import {
  annToRle,
  decodeMask,
  encodeCounts,
  InvalidPolygonError,
  InvalidRleError,
  rleArea,
  rleFromBbox,
  rleFromPolygon,
  rleFromPolygons,
  rleFromUncompressed,
  rleToBbox,
} from "@/lib/eval/mask";
import { loadMaskFixtures } from "./fixtures";

const rasterFixture = loadMaskFixtures().find((f) => f.name === "polygon_raster")!;
const pycocotools = (annId: number) => rasterFixture.debug.gt_rle[String(annId)];

/** Pixel (x, y) of a column-major mask. */
const pixel = (mask: Uint8Array, h: number, x: number, y: number) => mask[x * h + y];

describe("rleFromPolygon: 5x upsampling and rounding", () => {
  it("a square with vertices on .5 covers exactly the 30x30 pixel centres strictly inside it", () => {
    const rle = rleFromPolygon([10.5, 10.5, 40.5, 10.5, 40.5, 40.5, 10.5, 40.5], 240, 320);
    expect(rleArea(rle)).toBe(900);
    expect(rleToBbox(rle)).toEqual([11, 11, 30, 30]);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(1).counts);
  });

  it("moving those vertices 0.01 outward (.49 / .51) takes in one more row and column: 31x31", () => {
    const rle = rleFromPolygon([120.49, 120.49, 150.51, 120.49, 150.51, 150.51, 120.49, 150.51], 240, 320);
    expect(rleArea(rle)).toBe(961);
    expect(rleToBbox(rle)).toEqual([120, 120, 31, 31]);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(10).counts);
  });

  it("vertices snap to the 1/5 grid with (int)(5x + .5): x = 10.41 and 10.49 both land on 10.4", () => {
    const at = (x: number) => Array.from(rleFromPolygon([x, 10, 20, 10, 20, 20, x, 20], 40, 40).counts);
    expect(at(10.41)).toEqual(at(10.49));
    expect(at(10.4)).toEqual(at(10.49));
    // 10.4 still takes in the column whose centre is 10; 10.5 (the next fine point) leaves it out.
    expect(rleToBbox(rleFromPolygon([10.49, 10, 20, 10, 20, 20, 10.49, 20], 40, 40))[0]).toBe(10);
    expect(rleToBbox(rleFromPolygon([10.5, 10, 20, 10, 20, 20, 10.5, 20], 40, 40))[0]).toBe(11);
  });

  it("integer rectangles cover width x height pixels, clockwise or counter-clockwise alike", () => {
    const cw = rleFromPolygon([50, 10, 80, 10, 80, 40, 50, 40], 240, 320);
    const ccw = rleFromPolygon([50, 10, 50, 40, 80, 40, 80, 10], 240, 320);
    expect(rleArea(cw)).toBe(900);
    expect(Array.from(ccw.counts)).toEqual(Array.from(cw.counts));
    expect(encodeCounts(cw.counts)).toBe(pycocotools(2).counts);
  });

  it("coordinates far outside the image are clipped (rows clamped, columns dropped)", () => {
    const rle = rleFromPolygon([-1000, 150, 50, 150, 50, 2000, -1000, 2000], 240, 320);
    expect(rleToBbox(rle)).toEqual([0, 150, 50, 90]);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(9).counts);
  });

  it("rejects coordinates that overflow maskApi's int grid instead of rasterising garbage", () => {
    expect(() => rleFromPolygon([0, 0, 1e9, 0, 1e9, 1e9], 10, 10)).toThrow(InvalidPolygonError);
    expect(() => rleFromPolygon([0, 0, 1e9, 0, 1e9, 1e9], 10, 10)).toThrow(/not a finite coordinate/);
    expect(() => rleFromPolygon([0, 0, 1e7, 0, 1e7, 1e7], 10, 10)).toThrow(/perimeter is too long/);
  });
});

describe("rleFromPolygon: even-odd inside one polygon", () => {
  it("a self-intersecting bow-tie keeps both triangles (area 600, not the signed area 0)", () => {
    const rle = rleFromPolygon([220, 10, 260, 40, 260, 10, 220, 40], 240, 320);
    expect(rleArea(rle)).toBe(600);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(6).counts);
    const mask = decodeMask(rle);
    expect(pixel(mask, 240, 221, 25)).toBe(1); // left triangle
    expect(pixel(mask, 240, 258, 25)).toBe(1); // right triangle
    expect(pixel(mask, 240, 240, 12)).toBe(0); // above the crossing
  });

  it("a square traced twice covers every pixel twice, which even-odd turns into an empty mask", () => {
    const square = [2, 2, 8, 2, 8, 8, 2, 8];
    expect(rleArea(rleFromPolygon(square, 10, 10))).toBe(36);
    expect(rleArea(rleFromPolygon([...square, ...square], 10, 10))).toBe(0);
  });

  it("ignores an odd trailing number, as int(len(poly) / 2) does", () => {
    const square = [2, 2, 8, 2, 8, 8, 2, 8];
    expect(Array.from(rleFromPolygon([...square, 5], 10, 10).counts)).toEqual(Array.from(rleFromPolygon(square, 10, 10).counts));
  });
});

describe("rleFromPolygons: the parts of one object", () => {
  it("separate parts are unioned, so their overlap counts once (two 50x50 squares sharing 20x20: 4600)", () => {
    const parts = [
      [10, 60, 60, 60, 60, 110, 10, 110],
      [40, 90, 90, 90, 90, 140, 40, 140],
    ];
    const rle = rleFromPolygons(parts, 240, 320);
    expect(rleArea(rle)).toBe(4600);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(7).counts);
  });

  it("a hole drawn as a second part is filled, not cut out (union across parts, even-odd only within one)", () => {
    const rle = rleFromPolygons(
      [
        [250, 100, 310, 100, 310, 230, 250, 230],
        [270, 120, 290, 120, 290, 210, 270, 210],
      ],
      240,
      320,
    );
    expect(rleArea(rle)).toBe(7800);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(12).counts);
  });

  it("a first part of exactly 4 numbers makes frPyObjects read the list as [x, y, w, h] boxes", () => {
    const asBox = rleFromPolygons([[10, 20, 30, 40]], 100, 100);
    expect(rleArea(asBox)).toBe(30 * 40);
    expect(rleToBbox(asBox)).toEqual([10, 20, 30, 40]);
    expect(Array.from(asBox.counts)).toEqual(Array.from(rleFromBbox([10, 20, 30, 40], 100, 100).counts));
    expect(Array.from(asBox.counts)).toEqual(Array.from(rleFromPolygon([10, 20, 10, 60, 40, 60, 40, 20], 100, 100).counts));
    // The same 4 numbers as a 2-point polygon would be a line with no area.
    expect(rleArea(annToRle([[10, 20, 30, 40]], 100, 100))).toBe(1200);
  });

  it("box reading applies to every part and needs every part to have 4 numbers", () => {
    const two = rleFromPolygons(
      [
        [0, 0, 10, 10],
        [5, 5, 10, 10],
      ],
      50,
      50,
    );
    expect(rleArea(two)).toBe(100 + 100 - 25);
    expect(() =>
      rleFromPolygons(
        [
          [0, 0, 10, 10],
          [1, 1, 5, 1, 5, 5],
        ],
        50,
        50,
      ),
    ).toThrow(/part 1 has 6 numbers but part 0 has 4/);
  });

  it("only the first part decides: a later 4-number part is a 2-point polygon, a line with no pixels", () => {
    const square = [2, 2, 8, 2, 8, 8, 2, 8];
    const withLine = rleFromPolygons([square, [0, 0, 10, 10]], 10, 10);
    expect(Array.from(withLine.counts)).toEqual(Array.from(rleFromPolygon(square, 10, 10).counts));
  });

  it("rejects an empty list and a first polygon of fewer than 3 points with a specific message", () => {
    expect(() => rleFromPolygons([], 10, 10)).toThrow(/empty list/);
    expect(() => rleFromPolygons([[1, 2]], 10, 10)).toThrow(/polygon 0 has 2 numbers/);
  });
});

describe("rleFromUncompressed: frPyObjects on a dict with list counts", () => {
  it("keeps a leading 0 run (mask starts with foreground) as given", () => {
    const rle = rleFromUncompressed([2, 2], [0, 1, 3]);
    expect(Array.from(rle.counts)).toEqual([0, 1, 3]);
    expect(Array.from(decodeMask(rle))).toEqual([1, 0, 0, 0]);
    expect(rleToBbox(rle)).toEqual([0, 0, 1, 1]);
  });

  it("keeps zero-length runs in the middle, which survive into the counts string", () => {
    const rle = rleFromUncompressed([2, 3], [1, 2, 0, 0, 1, 2]);
    expect(Array.from(rle.counts)).toEqual([1, 2, 0, 0, 1, 2]);
    expect(Array.from(decodeMask(rle))).toEqual([0, 1, 1, 0, 1, 1]);
    expect(rleArea(rle)).toBe(4);
    // The fourth count is stored as 0 - 2 = -2 ('N'), the empty runs are not squeezed out.
    expect(encodeCounts(rle.counts)).toBe("120N12");
    // rleToBbox skips the empty foreground run; the first run crosses a column, so full height.
    expect(rleToBbox(rle)).toEqual([0, 0, 3, 2]);
  });

  it("uses the object's own size, not the image's", () => {
    const rle = annToRle({ size: [4, 5], counts: [20] }, 480, 640);
    expect([rle.h, rle.w]).toEqual([4, 5]);
  });

  it("matches pycocotools on the fixture's leading-zero and zero-length-run GT", () => {
    const fixture = loadMaskFixtures().find((f) => f.name === "rle_gt_formats")!;
    for (const id of [25, 26]) {
      const ann = fixture.gtById.get(id)!;
      const counts = (ann.segmentation as { counts: number[] }).counts;
      expect(counts.slice(0, 5).some((c, i) => (id === 25 ? i === 0 && c === 0 : c === 0))).toBe(true);
      const rle = annToRle(ann.segmentation!, 80, 100);
      expect(encodeCounts(rle.counts)).toBe(fixture.debug.gt_rle[String(id)].counts);
    }
  });

  it("rejects negative, fractional and non-numeric counts that numpy would silently wrap", () => {
    expect(() => rleFromUncompressed([2, 2], [1, -1, 4])).toThrow(InvalidRleError);
    expect(() => rleFromUncompressed([2, 2], [1.5, 2.5])).toThrow(/counts\[0\] must be a non-negative integer/);
    expect(() => rleFromUncompressed([2], [4])).toThrow(/size must be \[height, width\]/);
  });
});

describe("annToRle", () => {
  it("takes a compressed RLE as is, with its own size", () => {
    const rle = annToRle({ size: [240, 320], counts: pycocotools(2).counts }, 1, 1);
    expect([rle.h, rle.w]).toEqual([240, 320]);
    expect(encodeCounts(rle.counts)).toBe(pycocotools(2).counts);
  });
});
