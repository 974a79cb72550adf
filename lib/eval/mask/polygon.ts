// Polygon and box rasterisation, maskApi rleFrPoly/rleFrBbox re-derived step by step.
import { InvalidPolygonError } from "../errors";
import type { Rle } from "./rle";

/** The rasteriser works on a 5x finer grid so edges land on pixel centres consistently. */
const UPSAMPLE = 5;
/** Guards memory: the edge walk visits every fine-grid step along the boundary. */
export const MAX_POLYGON_BOUNDARY_POINTS = 20_000_000;
const INT_MIN = -2147483648;

export { InvalidPolygonError } from "../errors";

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
 * maskApi's row for a crossing whose lower fine row is `low`: ceil((low + .5)/5 - .5) clamped to
 * [0, h], i.e. ceil((low - 2)/5). The double is either exact or at least 0.2 from a whole number, so
 * the integer form gives the same value.
 */
function crossingRow(low: number, h: number): number {
  const row = low <= 2 ? 0 : ((low + 2) / UPSAMPLE) | 0;
  return row > h ? h : row;
}

/**
 * Between consecutive boundary points (pu, pv) -> (u, v) on the fine grid with u != pu: the
 * column-major pixel index where the mask toggles, or -1 when the step does not cross a pixel-centre
 * column inside the image. maskApi's xd = (min + .5)/5 - .5 (min = u < pu ? u : u - 1) is a whole
 * column in [0, w - 1] exactly when min = 5c + 2 (otherwise it is at least 0.2 from a whole number).
 */
function crossing(pu: number, pv: number, u: number, v: number, h: number, lastColumn: number): number {
  const c = (u < pu ? u : u - 1) - 2;
  if (c < 0 || c % UPSAMPLE !== 0 || c / UPSAMPLE > lastColumn) return -1;
  return (c / UPSAMPLE) * h + crossingRow(v < pv ? v : pv, h);
}

/**
 * How many fine-grid boundary steps rleFromPolygon walks for this polygon (the rasteriser's work,
 * counted from its vertices without rasterising): per edge, its longer axis in 1/5 pixels plus one.
 * Infinity when a vertex is not a finite coordinate within ±4e8 pixels (the rasteriser refuses it).
 */
export function polygonBoundarySteps(xy: ArrayLike<number>): number {
  const k = Math.floor(xy.length / 2);
  if (k === 0) return 0;
  let total = 0;
  let px = cInt(UPSAMPLE * xy[2 * (k - 1)] + 0.5);
  let py = cInt(UPSAMPLE * xy[2 * (k - 1) + 1] + 0.5);
  if (px === INT_MIN || py === INT_MIN) return Infinity;
  for (let j = 0; j < k; j++) {
    const fx = cInt(UPSAMPLE * xy[2 * j] + 0.5);
    const fy = cInt(UPSAMPLE * xy[2 * j + 1] + 0.5);
    if (fx === INT_MIN || fy === INT_MIN) return Infinity;
    total += Math.max(Math.abs(fx - px), Math.abs(fy - py)) + 1;
    px = fx;
    py = fy;
  }
  return total;
}

/**
 * Scratch reused across calls (the GT holds tens of thousands of polygons): vertex lists and toggle
 * positions. Only the returned counts are allocated per call; a toggle list longer than
 * KEEP_SCRATCH_UP_TO gets a one-off buffer so one huge polygon does not pin its memory.
 */
const KEEP_SCRATCH_UP_TO = 1 << 20;
let vertexX = new Int32Array(256);
let vertexY = new Int32Array(256);
let toggleScratch = new Uint32Array(1 << 14);

/**
 * Rasterises one polygon [x1,y1,x2,y2,...] (an odd trailing number is ignored, as int(len/2) does).
 * Even-odd within the polygon: a self-intersecting bow-tie keeps only the parts covered an odd number of times.
 */
export function rleFromPolygon(xy: ArrayLike<number>, h: number, w: number): Rle {
  assertImageSize(h, w);
  const k = Math.floor(xy.length / 2);
  if (vertexX.length < k + 1) {
    vertexX = new Int32Array(2 * (k + 1));
    vertexY = new Int32Array(2 * (k + 1));
  }
  const x = vertexX;
  const y = vertexY;
  // Vertices on the fine grid, rounded as (int)(5*x + .5): half-up for positives, toward zero below -0.5.
  for (let j = 0; j < k; j++) {
    const fx = cInt(UPSAMPLE * xy[2 * j] + 0.5);
    const fy = cInt(UPSAMPLE * xy[2 * j + 1] + 0.5);
    if (fx === INT_MIN || fy === INT_MIN) {
      throw new InvalidPolygonError(`polygon vertex ${j} (${xy[2 * j]}, ${xy[2 * j + 1]}) is not a finite coordinate within ±4e8 pixels`);
    }
    x[j] = fx;
    y[j] = fy;
  }
  x[k] = x[0];
  y[k] = y[0];

  let total = 0;
  for (let j = 0; j < k; j++) {
    const dx = x[j] > x[j + 1] ? x[j] - x[j + 1] : x[j + 1] - x[j];
    const dy = y[j] > y[j + 1] ? y[j] - y[j + 1] : y[j + 1] - y[j];
    total += (dx > dy ? dx : dy) + 1;
  }
  if (total > MAX_POLYGON_BOUNDARY_POINTS) {
    throw new InvalidPolygonError(
      `polygon perimeter is too long to rasterise (${total} boundary steps at 1/5 pixel, limit ${MAX_POLYGON_BOUNDARY_POINTS}); ` +
        "coordinates are probably far outside the image",
    );
  }
  let toggles = toggleScratch;
  if (toggles.length < total + 1) {
    toggles = new Uint32Array(total + 1);
    if (total + 1 <= KEEP_SCRATCH_UP_TO) toggleScratch = toggles;
  }

  // Walk every edge one fine-grid step at a time along its major axis, always in increasing
  // major-axis order (flip) so the shared rounding is identical whichever way the edge is drawn.
  // Each step is compared with the previous one (across edges too): where the boundary crosses a
  // pixel-centre column it toggles the mask from its row downwards (see crossing()). The toggles are
  // sorted afterwards, so the order in which they are found does not matter.
  let count = 0;
  let pu = 0;
  let pv = 0;
  let started = false;
  const lastColumn = w - 1;
  for (let j = 0; j < k; j++) {
    let xs = x[j];
    let xe = x[j + 1];
    let ys = y[j];
    let ye = y[j + 1];
    const dx = xe > xs ? xe - xs : xs - xe;
    const dy = ys > ye ? ys - ye : ye - ys;
    const xMajor = dx >= dy;
    const flip = (xMajor && xs > xe) || (!xMajor && ys > ye);
    if (flip) {
      let t = xs;
      xs = xe;
      xe = t;
      t = ys;
      ys = ye;
      ye = t;
    }
    // 0/0 for a repeated vertex gives NaN: its row becomes 0 here where C's (int) gives INT_MIN; a
    // crossing reading it takes the lower of the two rows, so it starts at row 0 either way.
    const slope = xMajor ? (ye - ys) / dx : (xe - xs) / dy;
    if (xMajor) {
      // Points (t + xs, v(t)), t = 0..dx, walked from t = dx down when flipped. The first point is
      // compared with the previous edge's last one; inside the edge consecutive points are one fine
      // column apart, so the pair (t, t + 1) crosses where xs + t = 5c + 2: only every fifth pair is visited.
      const tFirst = flip ? dx : 0;
      const uFirst = tFirst + xs;
      if (started && uFirst !== pu) {
        const at = crossing(pu, pv, uFirst, (ys + slope * tFirst + 0.5) | 0, h, lastColumn);
        if (at >= 0) toggles[count++] = at;
      }
      let t = xs >= 2 ? 0 : 2 - xs;
      const phase = (xs + t - 2) % UPSAMPLE;
      if (phase !== 0) t += UPSAMPLE - phase;
      const tEnd = Math.min(dx - 1, UPSAMPLE * lastColumn + 2 - xs);
      for (; t <= tEnd; t += UPSAMPLE) {
        const v0 = (ys + slope * t + 0.5) | 0;
        const v1 = (ys + slope * (t + 1) + 0.5) | 0;
        toggles[count++] = ((xs + t - 2) / UPSAMPLE) * h + crossingRow(v0 < v1 ? v0 : v1, h);
      }
      const tLast = flip ? 0 : dx;
      pu = tLast + xs;
      pv = (ys + slope * tLast + 0.5) | 0;
      started = true;
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        const v = t + ys;
        const u = (xs + slope * t + 0.5) | 0;
        if (u !== pu && started) {
          const at = crossing(pu, pv, u, v, h, lastColumn);
          if (at >= 0) toggles[count++] = at;
        }
        started = true;
        pu = u;
        pv = v;
      }
    }
  }
  toggles[count++] = h * w;

  // Sorted toggle positions -> run lengths (in place); coinciding toggles cancel (a 0 difference folds
  // into the previous run).
  const a = toggles.subarray(0, count).sort();
  let previous = 0;
  for (let j = 0; j < count; j++) {
    const t = a[j];
    a[j] = t - previous;
    previous = t;
  }
  let j = 1;
  let r = 1;
  while (j < count) {
    if (a[j] > 0) a[r++] = a[j++];
    else {
      j++;
      if (j < count) a[r - 1] += a[j++];
    }
  }
  return { h, w, counts: a.slice(0, r) };
}

/** rleFrBbox: the box [x, y, width, height] rasterised as the polygon (x,y) (x,y+h) (x+w,y+h) (x+w,y). */
export function rleFromBbox(bbox: ArrayLike<number>, h: number, w: number): Rle {
  const xs = bbox[0];
  const xe = xs + bbox[2];
  const ys = bbox[1];
  const ye = ys + bbox[3];
  return rleFromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], h, w);
}
