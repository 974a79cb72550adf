// A mask as the foreground row intervals of each of its columns: the form in which erosion by a
// square is a few interval operations per column instead of one per pixel (erode.ts). Buffers are
// reused from mask to mask (one boundary is made per GT and per overlapping detection).

/**
 * Columns first .. first + count - 1 of a mask; column first + c holds the rows [lo[i], hi[i]) for i in
 * [start[c], start[c + 1]), sorted and never touching (maximal runs). Columns outside are empty.
 */
export class ColumnIntervals {
  first = 0;
  count = 0;
  start = new Int32Array(64);
  lo = new Int32Array(64);
  hi = new Int32Array(64);
  /** Intervals written so far. */
  n = 0;

  /** Empties the list and makes it cover columns first .. first + count - 1 (count may be 0). */
  reset(first: number, count: number): void {
    this.first = first;
    this.count = Math.max(0, count);
    this.n = 0;
    if (this.start.length < this.count + 1) this.start = new Int32Array(2 * (this.count + 1));
    this.start[0] = 0;
  }

  /** Appends [lo, hi) to the column being written (call endColumn after each column, in order). */
  push(lo: number, hi: number): void {
    if (this.n === this.lo.length) {
      const lo2 = new Int32Array(2 * this.n),
        hi2 = new Int32Array(2 * this.n);
      lo2.set(this.lo);
      hi2.set(this.hi);
      this.lo = lo2;
      this.hi = hi2;
    }
    this.lo[this.n] = lo;
    this.hi[this.n] = hi;
    this.n++;
  }

  /** Closes column c (0-based within the range). */
  endColumn(c: number): void {
    this.start[c + 1] = this.n;
  }
}

/**
 * Reads a column-major RLE into `out`: runs split at column ends; foreground runs that touch (a
 * zero-length background run between them, which RLEs may hold) are joined, so every interval is maximal.
 */
export function rleToColumns(counts: Uint32Array, h: number, out: ColumnIntervals): void {
  // The columns of the first and last foreground pixel bound the range.
  let position = 0,
    firstPixel = -1,
    lastPixel = -1;
  for (let j = 0; j < counts.length; j++) {
    if ((j & 1) === 1 && counts[j] > 0) {
      if (firstPixel < 0) firstPixel = position;
      lastPixel = position + counts[j] - 1;
    }
    position += counts[j];
  }
  if (firstPixel < 0 || h === 0) {
    out.reset(0, 0);
    return;
  }
  const first = Math.floor(firstPixel / h);
  out.reset(first, Math.floor(lastPixel / h) - first + 1);
  let column = 0; // the column being written, relative to first
  position = 0;
  for (let j = 0; j < counts.length; j++) {
    const run = counts[j];
    if ((j & 1) === 1 && run > 0) {
      let p = position;
      const end = position + run;
      while (p < end) {
        const x = Math.floor(p / h) - first;
        while (column < x) out.endColumn(column++);
        const top = (x + first) * h;
        const stop = end < top + h ? end : top + h;
        const y0 = p - top;
        if (out.n > out.start[column] && out.hi[out.n - 1] === y0) out.hi[out.n - 1] = stop - top;
        else out.push(y0, stop - top);
        p = stop;
      }
    }
    position += run;
  }
  while (column < out.count) out.endColumn(column++);
}

/** Column-major run lengths built interval by interval (runs that meet across a column end are joined). */
export class RunWriter {
  counts = new Uint32Array(256);
  m = 0;
  private cursor = 0;

  begin(): void {
    this.m = 0;
    this.cursor = 0;
  }

  /** Adds the foreground pixels [from, to) (linear, column-major), after every pixel added so far. */
  add(from: number, to: number): void {
    if (this.m + 2 > this.counts.length) {
      const grown = new Uint32Array(2 * this.counts.length);
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.m > 0 && from === this.cursor) this.counts[this.m - 1] += to - from;
    else {
      this.counts[this.m++] = from - this.cursor;
      this.counts[this.m++] = to - from;
    }
    this.cursor = to;
  }

  /** The runs of an image of `pixels` pixels: a final background run if pixels remain (or if empty). */
  finish(pixels: number): Uint32Array {
    const tail = this.cursor < pixels || this.m === 0;
    const out = new Uint32Array(this.m + (tail ? 1 : 0));
    out.set(this.counts.subarray(0, this.m));
    if (tail) out[this.m] = pixels - this.cursor;
    return out;
  }
}
