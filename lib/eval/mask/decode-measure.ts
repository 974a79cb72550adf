// Results-file masks in bulk: rleFrString + rleArea + rleToBbox + the coverage check in ONE pass
// over each mask: decodeCountsInto (the one decoder), then area + box + coverage over its runs.

/**
 * Decoded masks, column-wise: mask i's runs are counts[start[i] .. start[i] + runs[i]) (start -1 when
 * only measured), its box (x, y, w, h as rleToBbox) box[4i .. 4i + 4), its rleArea area[i]. Shared
 * memory when threads fill it.
 */
export interface MaskColumns {
  counts: Uint32Array;
  start: Float64Array;
  runs: Int32Array;
  box: Float64Array;
  area: Float64Array;
  /** 1 when mask i had interior zero-length runs, merged (mergeZeroRuns) before storing and boxing. */
  merged: Uint8Array;
}

/**
 * Columns for n masks whose kept counts strings total `chars` characters: a run takes at least one
 * character, so mask i can be decoded at its string's character offset with no reallocation.
 */
export function allocateMaskColumns(n: number, chars: number, shared: boolean): MaskColumns {
  const bytes = (size: number) => (shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  return {
    counts: new Uint32Array(bytes(4 * chars)),
    start: new Float64Array(bytes(8 * n)),
    runs: new Int32Array(bytes(4 * n)),
    box: new Float64Array(bytes(32 * n)),
    area: new Float64Array(bytes(8 * n)),
    merged: new Uint8Array(bytes(n)),
  };
}

/**
 * Decodes and measures masks from..to-1 — mask i has counts string strings[i - offset] and size
 * heights[i] x widths[i] (integers >= 0) — into `out`. The runs of a kept mask (keep null or
 * keep[i] = 1) are stored, the first kept one's at counts[countsAt], each next one at the previous
 * one's character offset; the others are only measured (most detections never meet a GT of their
 * class: their runs are never read). `decode` is decodeCountAt and `merge` mergeZeroRuns
 * (counts-decoder.ts), passed in so that the helper thread, which runs this function's source text,
 * passes its own copies. Interior zero-length runs are merged (merged[i] = 1). Bit for bit as
 * canonicalRuns(decodeCounts) + measureRuns. Returns the first mask that is not a valid RLE of its size (not a
 * counts string, runs not summing to h*w) — the rest are then left undecoded; callers rerun
 * decodeCounts/prepareRle for the message — or -1.
 *
 * Self-contained on purpose — no imports, no module-level constants, no nested functions: its source
 * text is also run by the worker thread of lib/eval/parallel.
 */
export function decodeMeasureMasks(
  strings: readonly string[],
  offset: number,
  from: number,
  to: number,
  heights: ArrayLike<number>,
  widths: ArrayLike<number>,
  out: MaskColumns,
  countsAt: number,
  keep: ArrayLike<number> | null,
  decode: (s: string, p: number, cnts: Uint32Array, m: number, at: number) => number,
  merge: (cnts: Uint32Array, at: number, m: number) => number,
): number {
  const cnts = out.counts;
  const startOut = out.start,
    runsOut = out.runs,
    boxOut = out.box,
    areaOut = out.area,
    mergedOut = out.merged;
  // Runs of masks that are only measured are decoded here, then dropped.
  let scratch = new Uint32Array(0);
  let at = countsAt;
  for (let i = from; i < to; i++) {
    const s = strings[i - offset];
    const len = s.length;
    const h = heights[i];
    const w = widths[i];
    const store = keep === null || keep[i] === 1;
    let runs = cnts,
      base = at;
    if (!store) {
      if (scratch.length < len) scratch = new Uint32Array(Math.max(len, 4096));
      runs = scratch;
      base = 0;
    }
    let m = 0; // runs so far
    let xs = w,
      ys = h,
      xe = 0,
      ye = 0;
    let total = 0,
      a = 0,
      zeros = 0;
    // Column and row of pixel `total`, kept up to date instead of dividing for every run.
    let col = 0,
      row = 0;
    for (let p = 0; p < len; m++) {
      p = decode(s, p, runs, base + m, base);
      if (p < 0) return i;
      const c = runs[base + m];
      if (c === 0) zeros++;
      total += c;
      if (h === 0) {
        if (m & 1) a += c;
        continue;
      }
      // measureRuns' rules: foreground runs only, zero-length runs skipped; a run from pixel
      // (xStart, yStart) to its last pixel (xEnd, yEnd), column-major.
      const xStart = col,
        yStart = row;
      row += c;
      if (row >= h) {
        const q = Math.floor(row / h);
        col += q;
        row -= q * h;
      }
      if ((m & 1) === 0 || c === 0) continue;
      a += c;
      const xEnd = row > 0 ? col : col - 1;
      if (xStart < xs) xs = xStart;
      if (xEnd > xe) xe = xEnd;
      if (xStart < xEnd) {
        ys = 0;
        ye = h - 1;
      } else {
        const yEnd = row > 0 ? row - 1 : h - 1;
        if (yStart < ys) ys = yStart;
        if (yEnd > ye) ye = yEnd;
      }
    }
    if (total !== h * w) return i;
    // Zero runs skipped above leave area and box as they are; only the run count changes.
    if (zeros > 0) {
      const before = m;
      m = merge(runs, base, m);
      mergedOut[i] = m === before ? 0 : 1;
    } else mergedOut[i] = 0;
    startOut[i] = store ? at : -1;
    runsOut[i] = m;
    areaOut[i] = a;
    const b = 4 * i;
    if (m >= 2 && h !== 0) {
      boxOut[b] = xs;
      boxOut[b + 1] = ys;
      boxOut[b + 2] = (xe - xs + 1) >>> 0;
      boxOut[b + 3] = (ye - ys + 1) >>> 0;
    } else {
      boxOut[b] = boxOut[b + 1] = boxOut[b + 2] = boxOut[b + 3] = 0;
    }
    if (store) at += s.length;
  }
  return -1;
}
