// Binary erosion by a (2r+1) x (2r+1) square, as boundary-iou-api computes it with OpenCV:
// cv2.copyMakeBorder(mask, 1, 1, 1, 1, BORDER_CONSTANT, 0) then cv2.erode(ones(3, 3), iterations=r).
// OpenCV turns r iterations of a 3x3 rectangle into one (2r+1) rectangle, and its default border value
// for erode never erodes; the one-pixel zero frame therefore acts as "outside the image is background":
// every window that leaves the image covers a frame pixel. So a pixel survives iff its whole window lies
// inside the image and in the mask. The square is separable: rows first (shrink each column interval by
// r at both ends), then columns (intersect 2r+1 neighbouring columns, by doubling windows).
import { emptyColumns, type ColumnIntervals } from "./column-intervals";

class IntervalBuffer {
  column = new Int32Array(64);
  lo = new Int32Array(64);
  hi = new Int32Array(64);
  n = 0;
  push(x: number, lo: number, hi: number): void {
    if (this.n === this.lo.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(2 * a.length);
        b.set(a);
        return b;
      };
      this.column = grow(this.column);
      this.lo = grow(this.lo);
      this.hi = grow(this.hi);
    }
    this.column[this.n] = x;
    this.lo[this.n] = lo;
    this.hi[this.n] = hi;
    this.n++;
  }
  /** The intervals pushed so far (in column order) as columns first .. first + count - 1. */
  toColumns(h: number, w: number, first: number, count: number): ColumnIntervals {
    const n = this.n;
    const start = new Int32Array(count + 1);
    for (let i = 0; i < n; i++) start[this.column[i] - first + 1]++;
    for (let c = 0; c < count; c++) start[c + 1] += start[c];
    return { h, w, first, count, start, lo: this.lo.slice(0, n), hi: this.hi.slice(0, n) };
  }
}

/** Vertical erosion: each interval loses r rows at both ends (rows beyond the image are background). */
function shrinkRows(m: ColumnIntervals, r: number): ColumnIntervals {
  const out = new IntervalBuffer();
  for (let c = 0; c < m.count; c++) {
    for (let i = m.start[c]; i < m.start[c + 1]; i++) {
      const lo = m.lo[i] + r,
        hi = m.hi[i] - r;
      if (lo < hi) out.push(m.first + c, lo, hi);
    }
  }
  return out.toColumns(m.h, m.w, m.first, m.count);
}

/**
 * Columns x of the result hold A(x) ∩ A(x + shift), for x from a.first while x + shift is in range:
 * a window of `size` columns becomes one of size + shift.
 */
function intersectShifted(a: ColumnIntervals, shift: number, first: number, count: number): ColumnIntervals {
  const out = new IntervalBuffer();
  for (let c = 0; c < count; c++) {
    const left = first + c - a.first,
      right = left + shift;
    let i = a.start[left],
      j = a.start[right];
    const iEnd = a.start[left + 1],
      jEnd = a.start[right + 1];
    while (i < iEnd && j < jEnd) {
      const lo = Math.max(a.lo[i], a.lo[j]),
        hi = Math.min(a.hi[i], a.hi[j]);
      if (lo < hi) out.push(first + c, lo, hi);
      if (a.hi[i] < a.hi[j]) i++;
      else j++;
    }
  }
  return out.toColumns(a.h, a.w, first, count);
}

/** Erosion of the mask by the (2r+1)-square with background outside the image (r >= 0). */
export function erodeSquare(mask: ColumnIntervals, r: number): ColumnIntervals {
  const size = 2 * r + 1;
  if (r === 0) return mask;
  if (mask.count < size) return emptyColumns(mask.h, mask.w);
  const { first, count } = mask;
  // windows: column x holds the intersection of `width` columns starting at x.
  let windows = shrinkRows(mask, r);
  let width = 1;
  while (2 * width <= size) {
    windows = intersectShifted(windows, width, first, count - 2 * width + 1);
    width *= 2;
  }
  // Two overlapping windows of `width` columns cover the 2r+1 columns starting at x: eroded column x + r.
  const eroded = intersectShifted(windows, size - width, first, count - size + 1);
  return { ...eroded, first: first + r };
}
