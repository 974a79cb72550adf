// Results-file masks in bulk: rleFrString + rleArea + rleToBbox + the coverage check in ONE pass
// over each counts string (decodeCounts then prepareRle read every mask twice).

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
  };
}

/**
 * Decodes and measures masks from..to-1 — mask i has counts string strings[i - offset] and size
 * heights[i] x widths[i] (integers >= 0) — into `out`. The runs of a kept mask (keep null or
 * keep[i] = 1) are stored, the first kept one's at counts[countsAt], each next one at the previous
 * one's character offset; the others are only measured (most detections never meet a GT of their
 * class: their runs are never read). Bit for bit as decodeCounts + measureRuns (same arithmetic, same
 * uint32 wrap). Returns the first mask that is not a valid RLE of its size (bad
 * character, truncated, runs not summing to h*w) — the rest are then left undecoded; callers rerun
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
): number {
  const cnts = out.counts;
  const startOut = out.start,
    runsOut = out.runs,
    boxOut = out.box,
    areaOut = out.area;
  let at = countsAt;
  for (let i = from; i < to; i++) {
    const s = strings[i - offset];
    const len = s.length;
    const h = heights[i];
    const w = widths[i];
    const store = keep === null || keep[i] === 1;
    let j = 0; // runs so far
    let c2 = 0,
      c1 = 0; // the last two runs
    let bad = false;
    let p = 0;
    let xs = w,
      ys = h,
      xe = 0,
      ye = 0;
    let total = 0,
      a = 0;
    // Column and row of pixel `total`, kept up to date instead of dividing for every run.
    let col = 0,
      row = 0;
    while (p < len) {
      // rleFrString: 5-bit chunks + 48, 0x20 = more chunks follow, 0x10 of the last chunk = sign.
      let code = s.charCodeAt(p) - 48;
      if (code >>> 0 > 63) {
        bad = true;
        break;
      }
      p++;
      let x: number;
      if (code < 32) {
        x = code & 16 ? code - 32 : code;
      } else {
        x = code & 31;
        let k = 1;
        do {
          if (p >= len) {
            bad = true;
            break;
          }
          code = s.charCodeAt(p) - 48;
          if (code >>> 0 > 63) {
            bad = true;
            break;
          }
          p++;
          x = k < 6 ? x | ((code & 31) << (5 * k)) : x + (code & 31) * 2 ** (5 * k);
          k++;
        } while (code & 32);
        if (bad) break;
        if (code & 16) x = k < 6 ? x | (-1 << (5 * k)) : x - 2 ** (5 * k);
      }
      // COCO's quirk: from the fourth run on, a count is a difference to the run two places back.
      if (j > 2) x += c2;
      const c = x >>> 0; // uint32 wrap, as maskApi's (uint) cast (and a Uint32Array store)
      if (store) cnts[at + j] = c;
      c2 = c1;
      c1 = c;
      const odd = j & 1;
      j++;
      total += c;
      if (h === 0) {
        if (odd === 1) a += c;
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
      if (odd === 0 || c === 0) continue;
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
    if (bad || total !== h * w) return i;
    startOut[i] = store ? at : -1;
    runsOut[i] = j;
    areaOut[i] = a;
    const b = 4 * i;
    if (j >= 2 && h !== 0) {
      boxOut[b] = xs;
      boxOut[b + 1] = ys;
      boxOut[b + 2] = (xe - xs + 1) >>> 0;
      boxOut[b + 3] = (ye - ys + 1) >>> 0;
    } else {
      boxOut[b] = boxOut[b + 1] = boxOut[b + 2] = boxOut[b + 3] = 0;
    }
    if (store) at += len;
  }
  return -1;
}
