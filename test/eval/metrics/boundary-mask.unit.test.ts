// The boundary mask against a literal pixel port of boundary-iou-api's mask_to_boundary (zero frame,
// then erosion by the (2d+1)-square where pixels beyond the frame never erode), on random masks, and
// against the reference's own boundaries, dilations and IoUs (debug.json of every boundary case).
import { describe, expect, it } from "vitest";
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { annToRle, encodeCounts, encodeMask, prepareRle } from "@/lib/eval/mask";
import { boundaryDilation, maskBoundary, roundHalfEven } from "@/lib/eval/mask/boundary";
import { Random } from "@/scripts/synth/random";
import type { CocoGroundTruth, CocoResult } from "@/lib/eval";
import { REFERENCE_DIR } from "../../helpers/reference-kit";
import { readJson } from "../fixture-cases";

/** cv2.copyMakeBorder(1, value 0) + cv2.erode(3x3, iterations=d) + crop + subtract, pixel by pixel. */
function literalBoundary(mask: Uint8Array, h: number, w: number, d: number): Uint8Array {
  const H = h + 2,
    W = w + 2;
  const padded = new Uint8Array(H * W); // column-major, frame of zeros
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) padded[(x + 1) * H + (y + 1)] = mask[x * h + y];
  let current = padded;
  for (let it = 0; it < d; it++) {
    const next = new Uint8Array(H * W);
    for (let x = 0; x < W; x++) {
      for (let y = 0; y < H; y++) {
        let v = 1;
        for (let dx = -1; dx <= 1 && v; dx++) {
          for (let dy = -1; dy <= 1; dy++) {
            const xx = x + dx,
              yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue; // border value: never erodes
            if (!current[xx * H + yy]) {
              v = 0;
              break;
            }
          }
        }
        next[x * H + y] = v;
      }
    }
    current = next;
  }
  const out = new Uint8Array(h * w);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[x * h + y] = mask[x * h + y] - current[(x + 1) * H + (y + 1)];
  return out;
}

function randomMask(r: Random, h: number, w: number): Uint8Array {
  const mask = new Uint8Array(h * w);
  const shapes = r.int(0, 4);
  for (let s = 0; s < shapes; s++) {
    const x0 = r.int(-3, w - 1),
      y0 = r.int(-3, h - 1);
    const x1 = x0 + r.int(1, w),
      y1 = y0 + r.int(1, h);
    const hole = r.chance(0.3);
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++)
      for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
        if (r.chance(0.02)) continue;
        mask[x * h + y] = hole && x > x0 + 2 && x < x1 - 3 && y > y0 + 2 && y < y1 - 3 ? 0 : 1;
      }
  }
  return mask;
}

describe("roundHalfEven and the dilation", () => {
  it("rounds halves to the even neighbour like Python's round", () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999999999999996, 2.5000000000000004, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });
  it("gives the reference's dilations for sizes whose 0.02 * diagonal is x.5", () => {
    expect(boundaryDilation(75, 100, 0.02)).toBe(2);
    expect(boundaryDilation(135, 180, 0.02)).toBe(4);
    expect(boundaryDilation(45, 60, 0.02)).toBe(2);
    expect(boundaryDilation(3, 3, 0.02)).toBe(1);
  });
});

describe("maskBoundary equals the pixel definition", () => {
  it("on random masks (holes, border contact, thin parts, all dilations)", () => {
    const r = new Random(1301);
    for (let k = 0; k < 400; k++) {
      const h = r.int(1, 40),
        w = r.int(1, 40);
      const mask = randomMask(r, h, w);
      const ratio = [0.02, 0.05, 0.1, 0.2, 0.5][r.int(0, 4)];
      const d = boundaryDilation(h, w, ratio);
      const expected = encodeMask(literalBoundary(mask, h, w, d), h, w);
      const rle = encodeMask(mask, h, w);
      expect(Array.from(maskBoundary(rle, ratio).counts), `case ${k}: ${h}x${w} d=${d}`).toEqual(Array.from(expected.counts));
    }
  });
  it("joins touching runs of a non-canonical RLE (zero-length background runs)", () => {
    // 4x3 mask, every pixel set, written as three runs of 4 with empty background between them.
    const full = maskBoundary({ h: 4, w: 3, counts: Uint32Array.from([0, 4, 0, 4, 0, 4]) }, 0.02);
    const literal = encodeMask(literalBoundary(new Uint8Array(12).fill(1), 4, 3, 1), 4, 3);
    expect(Array.from(full.counts)).toEqual(Array.from(literal.counts));
  });
  it("handles empty and full masks", () => {
    expect(Array.from(maskBoundary({ h: 5, w: 6, counts: Uint32Array.from([30]) }, 0.02).counts)).toEqual([30]);
    const full = maskBoundary({ h: 50, w: 60, counts: Uint32Array.from([0, 3000]) }, 0.02);
    expect(Array.from(full.counts)).toEqual(
      Array.from(encodeMask(literalBoundary(new Uint8Array(3000).fill(1), 50, 60, 2), 50, 60).counts),
    );
  });
});

interface BoundaryDebug {
  dilation: Record<string, number>;
  gt_boundary: Record<string, { counts: string; area: number }>;
  dt_boundary: Record<string, { counts: string; area: number }>;
}

const BOUNDARY_DIR = path.join(REFERENCE_DIR, "metrics/boundary");
const cases = readdirSync(BOUNDARY_DIR).filter((c) => existsSync(path.join(BOUNDARY_DIR, c, "debug.json")));

describe("boundaries of the reference kit (debug.json)", () => {
  it("finds the boundary cases", () => expect(cases.length).toBeGreaterThanOrEqual(8));
  for (const name of cases) {
    it(`${name}: every GT and result boundary, bit for bit`, () => {
      const dir = path.join(BOUNDARY_DIR, name);
      const expected = readJson<{ gt: string; dt: string; params: { dilation_ratio: number } }>(path.join(dir, "expected.json"));
      const debug = readJson<BoundaryDebug>(path.join(dir, "debug.json"));
      const gt = readJson<CocoGroundTruth>(path.resolve(dir, expected.gt));
      const dt = readJson<CocoResult[]>(path.resolve(dir, expected.dt));
      const ratio = expected.params.dilation_ratio;
      const size = new Map(gt.images.map((i) => [i.id, i]));
      for (const [id, d] of Object.entries(debug.dilation)) {
        const image = size.get(Number(id))!;
        expect(boundaryDilation(image.height, image.width, ratio), `image ${id}`).toBe(d);
      }
      const check = (segmentation: CocoResult["segmentation"], imageId: number, want: { counts: string; area: number }, what: string) => {
        const image = size.get(imageId)!;
        const boundary = prepareRle(maskBoundary(annToRle(segmentation!, image.height, image.width), ratio));
        expect(encodeCounts(boundary.counts), what).toBe(want.counts);
        expect(boundary.area, what).toBe(want.area);
      };
      const anns = new Map(gt.annotations.map((a) => [a.id, a]));
      for (const [id, want] of Object.entries(debug.gt_boundary)) {
        const a = anns.get(Number(id))!;
        check(a.segmentation, a.image_id, want, `gt ${id}`);
      }
      for (const [id, want] of Object.entries(debug.dt_boundary)) {
        const r = dt[Number(id) - 1];
        check(r.segmentation, r.image_id, want, `dt ${id}`);
      }
      expect(Object.keys(debug.gt_boundary).length + Object.keys(debug.dt_boundary).length).toBeGreaterThan(0);
    });
  }
});
