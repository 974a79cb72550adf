// A mask as the foreground row intervals of each of its columns: the form in which erosion by a
// square is a few interval operations per column instead of one per pixel (erode.ts).
import type { Rle } from "./rle";

/**
 * Columns first .. first + count - 1 of an h x w mask; column first + c holds the rows [lo[i], hi[i])
 * for i in [start[c], start[c + 1]), sorted and never touching (maximal runs). Columns outside the
 * range are empty.
 */
export interface ColumnIntervals {
  h: number;
  w: number;
  first: number;
  count: number;
  start: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
}

export function emptyColumns(h: number, w: number): ColumnIntervals {
  return { h, w, first: 0, count: 0, start: new Int32Array(1), lo: new Int32Array(0), hi: new Int32Array(0) };
}

/** Per-column offsets from the column of each interval (intervals listed in column order). */
function columnStarts(column: Int32Array, n: number, first: number, count: number): Int32Array {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[column[i] - first + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  return start;
}

/**
 * The runs of a column-major RLE split at column ends; foreground runs that touch (a zero-length
 * background run between them, which RLEs may hold) are joined, so every interval is maximal.
 */
export function rleToColumns(rle: Rle): ColumnIntervals {
  const { h, w, counts } = rle;
  if (h === 0 || w === 0) return emptyColumns(h, w);
  // Each foreground run adds at most one interval per column it crosses, plus one.
  let capacity = 0;
  for (let j = 1; j < counts.length; j += 2) if (counts[j] > 0) capacity += Math.floor(counts[j] / h) + 2;
  const column = new Int32Array(capacity);
  const lo = new Int32Array(capacity);
  const hi = new Int32Array(capacity);
  let n = 0;
  let position = 0;
  for (let j = 0; j < counts.length; j++) {
    const run = counts[j];
    if ((j & 1) === 1 && run > 0) {
      let p = position;
      const end = position + run;
      while (p < end) {
        const x = Math.floor(p / h);
        const top = x * h;
        const stop = Math.min(end, top + h);
        const y0 = p - top;
        if (n > 0 && column[n - 1] === x && hi[n - 1] === y0) hi[n - 1] = stop - top;
        else {
          column[n] = x;
          lo[n] = y0;
          hi[n] = stop - top;
          n++;
        }
        p = stop;
      }
    }
    position += run;
  }
  if (n === 0) return emptyColumns(h, w);
  const first = column[0];
  const count = column[n - 1] - first + 1;
  return { h, w, first, count, start: columnStarts(column, n, first, count), lo: lo.slice(0, n), hi: hi.slice(0, n) };
}

/** Column-major run lengths of the intervals (background first; runs meeting across a column end are joined). */
export function columnsToRle(columns: ColumnIntervals): Rle {
  const { h, w, first, count, start, lo, hi } = columns;
  const counts = new Uint32Array(2 * lo.length + 1);
  let m = 0;
  let cursor = 0; // first pixel not yet covered by a run
  for (let c = 0; c < count; c++) {
    const top = (first + c) * h;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const from = top + lo[i];
      const to = top + hi[i];
      if (m > 0 && from === cursor) counts[m - 1] += to - from;
      else {
        counts[m++] = from - cursor;
        counts[m++] = to - from;
      }
      cursor = to;
    }
  }
  if (cursor < h * w || m === 0) counts[m++] = h * w - cursor;
  return { h, w, counts: counts.slice(0, m) };
}
