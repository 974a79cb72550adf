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
 * Between consecutive boundary points (pu, pv) -> (u, v) on the fine grid with u != pu: the
 * column-major pixel index where the mask toggles, or -1 when the step does not cross a pixel-centre
 * column inside the image. The row is the lower of the two fine rows, rounded up to a whole pixel and
 * clamped to [0, h].
 */
function crossing(pu: number, pv: number, u: number, v: number, h: number, w: number): number {
  let xd = u < pu ? u : u - 1;
  xd = (xd + 0.5) / UPSAMPLE - 0.5;
  if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) return -1;
  let yd = v < pv ? v : pv;
  yd = (yd + 0.5) / UPSAMPLE - 0.5;
  if (yd < 0) yd = 0;
  else if (yd > h) yd = h;
  yd = Math.ceil(yd);
  return xd * h + yd;
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
  // Each step is compared with the previous one (across edges too) as it is made: where the boundary
  // crosses a pixel-centre column it toggles the mask from its row downwards (see crossing()).
  const toggles = new Uint32Array(total + 1);
  let count = 0;
  let pu = 0;
  let pv = 0;
  let started = false;
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
    const steps = dx >= dy ? dx : dy;
    for (let d = 0; d <= steps; d++) {
      const t = flip ? steps - d : d;
      let u: number, v: number;
      if (dx >= dy) {
        u = t + xs;
        v = (ys + slope * t + 0.5) | 0;
      } else {
        v = t + ys;
        u = (xs + slope * t + 0.5) | 0;
      }
      if (started && u !== pu) {
        const at = crossing(pu, pv, u, v, h, w);
        if (at >= 0) toggles[count++] = at;
      }
      started = true;
      pu = u;
      pv = v;
    }
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
