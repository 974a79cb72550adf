// Binary erosion by a (2r+1) x (2r+1) square, as boundary-iou-api computes it with OpenCV:
// cv2.copyMakeBorder(mask, 1, 1, 1, 1, BORDER_CONSTANT, 0) then cv2.erode(ones(3, 3), iterations=r).
// OpenCV turns r iterations of a 3x3 rectangle into one (2r+1) rectangle, and its default border value
// for erode never erodes; the one-pixel zero frame therefore acts as "outside the image is background":
// every window that leaves the image covers a frame pixel. So a pixel survives iff its whole window lies
// inside the image and in the mask. The square is separable: rows first (shrink each column interval by
// r at both ends), then columns (intersect 2r+1 neighbouring columns, by doubling windows).
import { ColumnIntervals } from "./column-intervals";

/** Vertical erosion: each interval loses r rows at both ends (rows beyond the image are background). */
function shrinkRows(m: ColumnIntervals, r: number, out: ColumnIntervals): void {
  out.reset(m.first, m.count);
  for (let c = 0; c < m.count; c++) {
    for (let i = m.start[c]; i < m.start[c + 1]; i++) {
      const lo = m.lo[i] + r,
        hi = m.hi[i] - r;
      if (lo < hi) out.push(lo, hi);
    }
    out.endColumn(c);
  }
}

/**
 * out column x = a(x) ∩ a(x + shift) for x = a.first .. a.first + count - 1: windows of `size` columns
 * starting at x become windows of size + shift.
 */
function intersectShifted(a: ColumnIntervals, shift: number, count: number, out: ColumnIntervals): void {
  out.reset(a.first, count);
  const { start, lo, hi } = a;
  for (let c = 0; c < count; c++) {
    let i = start[c],
      j = start[c + shift];
    const iEnd = start[c + 1],
      jEnd = start[c + shift + 1];
    while (i < iEnd && j < jEnd) {
      const l = lo[i] > lo[j] ? lo[i] : lo[j],
        h = hi[i] < hi[j] ? hi[i] : hi[j];
      if (l < h) out.push(l, h);
      if (hi[i] < hi[j]) i++;
      else j++;
    }
    out.endColumn(c);
  }
}

/** Scratch lists for the doubling steps, reused across masks. */
const ping = new ColumnIntervals();
const pong = new ColumnIntervals();

/**
 * Erosion of `mask` by the (2r+1)-square (r >= 1) with background outside the image, into `out`
 * (column x of the result: the eroded column x).
 */
export function erodeSquare(mask: ColumnIntervals, r: number, out: ColumnIntervals): void {
  const size = 2 * r + 1;
  if (mask.count < size) {
    out.reset(0, 0);
    return;
  }
  // windows: column x holds the intersection of `width` columns starting at x.
  let windows = ping,
    spare = pong;
  shrinkRows(mask, r, windows);
  let width = 1;
  while (2 * width <= size) {
    intersectShifted(windows, width, mask.count - 2 * width + 1, spare);
    [windows, spare] = [spare, windows];
    width *= 2;
  }
  // Two overlapping windows of `width` columns cover the 2r+1 columns starting at x: eroded column x + r.
  intersectShifted(windows, size - width, mask.count - size + 1, out);
  out.first += r;
}
