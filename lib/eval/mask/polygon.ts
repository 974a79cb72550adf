// Polygon and box rasterisation, maskApi rleFrPoly/rleFrBbox re-derived step by step.
import type { Rle } from "./rle";

/** The rasteriser works on a 5x finer grid so edges land on pixel centres consistently. */
const UPSAMPLE = 5;
/** Guards memory: the edge walk visits every fine-grid step along the boundary. */
export const MAX_POLYGON_BOUNDARY_POINTS = 20_000_000;
const INT_MIN = -2147483648;

export class InvalidPolygonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidPolygonError";
  }
}

/** C's (int) cast of a double: truncation toward zero; x86 yields INT_MIN when out of range or NaN. */
function cInt(value: number): number {
  return value >= -2147483648 && value < 2147483648 ? Math.trunc(value) : INT_MIN;
}

function assertImageSize(h: number, w: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new InvalidPolygonError(`image size must be positive integers, got height ${h} and width ${w}`);
  }
}

/**
 * Rasterises one polygon [x1,y1,x2,y2,...] (an odd trailing number is ignored, as int(len/2) does).
 * Even-odd within the polygon: a self-intersecting bow-tie keeps only the parts covered an odd number of times.
 */
export function rleFromPolygon(xy: ArrayLike<number>, h: number, w: number): Rle {
  assertImageSize(h, w);
  const k = Math.floor(xy.length / 2);
  // Vertices on the fine grid, rounded as (int)(5*x + .5): half-up for positives, toward zero below -0.5.
  const x = new Int32Array(k + 1);
  const y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) {
    const fx = cInt(UPSAMPLE * xy[2 * j] + 0.5);
    const fy = cInt(UPSAMPLE * xy[2 * j + 1] + 0.5);
    if (fx === INT_MIN || fy === INT_MIN) {
      throw new InvalidPolygonError(
        `polygon vertex ${j} (${xy[2 * j]}, ${xy[2 * j + 1]}) is not a finite coordinate within ±4e8 pixels`,
      );
    }
    x[j] = fx;
    y[j] = fy;
  }
  x[k] = x[0];
  y[k] = y[0];

  let total = 0;
  for (let j = 0; j < k; j++) total += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
  if (total > MAX_POLYGON_BOUNDARY_POINTS) {
    throw new InvalidPolygonError(
      `polygon perimeter is too long to rasterise (${total} boundary steps at 1/5 pixel, limit ${MAX_POLYGON_BOUNDARY_POINTS}); ` +
        "coordinates are probably far outside the image",
    );
  }

  // Walk every edge one fine-grid step at a time along its major axis, always in increasing
  // major-axis order (flip) so the shared rounding is identical whichever way the edge is drawn.
  const u = new Int32Array(total);
  const v = new Int32Array(total);
  let m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j];
    let xe = x[j + 1];
    let ys = y[j];
    let ye = y[j + 1];
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      let t = xs;
      xs = xe;
      xe = t;
      t = ys;
      ys = ye;
      ye = t;
    }
    // 0/0 for a repeated vertex gives NaN; that point shares its column with its neighbours and is never read.
    const slope = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u[m] = t + xs;
        v[m] = (ys + slope * t + 0.5) | 0;
        m++;
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v[m] = t + ys;
        u[m] = (xs + slope * t + 0.5) | 0;
        m++;
      }
    }
  }

  // Keep the points where the boundary crosses a pixel-centre column; each toggles the mask from its
  // row (the lower of the two fine rows, rounded up to a whole pixel and clamped to [0, h]) downwards.
  const toggles = new Uint32Array(m + 1);
  let count = 0;
  for (let j = 1; j < m; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
    xd = (xd + 0.5) / UPSAMPLE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
    yd = (yd + 0.5) / UPSAMPLE - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    yd = Math.ceil(yd);
    toggles[count++] = xd * h + yd; // column-major pixel index
  }
  toggles[count++] = h * w;

  // Sorted toggle positions -> run lengths; coinciding toggles cancel (a 0 difference folds into the previous run).
  const a = toggles.subarray(0, count).sort();
  let previous = 0;
  for (let j = 0; j < count; j++) {
    const t = a[j];
    a[j] -= previous;
    previous = t;
  }
  const runs = new Uint32Array(count);
  let j = 0;
  let r = 0;
  runs[r++] = a[j++];
  while (j < count) {
    if (a[j] > 0) runs[r++] = a[j++];
    else {
      j++;
      if (j < count) runs[r - 1] += a[j++];
    }
  }
  return { h, w, counts: runs.slice(0, r) };
}

/** rleFrBbox: the box [x, y, width, height] rasterised as the polygon (x,y) (x,y+h) (x+w,y+h) (x+w,y). */
export function rleFromBbox(bbox: ArrayLike<number>, h: number, w: number): Rle {
  const xs = bbox[0];
  const xe = xs + bbox[2];
  const ys = bbox[1];
  const ye = ys + bbox[3];
  return rleFromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], h, w);
}
