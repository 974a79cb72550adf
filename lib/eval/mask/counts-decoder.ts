// THE counts-string decoder (maskApi rleFrString). Every reader of a compressed RLE uses it: the
// evaluator (decodeCounts), the fused decode pass and its helper thread (decodeMeasureMasks), and the
// upload validator (lib/coco). Self-contained on purpose (no imports, no module constants, no nested
// functions): the helper thread runs its source text.

/**
 * Decodes the count that starts at character p of the counts string s into cnts[m] (`at` is where
 * this string's counts start in cnts) and returns the position after it, or a negative number when s
 * is not a counts string there (countsDecodeError reads it).
 *
 * Each count is split into 5-bit chunks, low first, each char = chunk + 48, with 0x20 set while more
 * chunks follow; the last chunk's 0x10 bit sign-extends. From the fourth count on, the value is a
 * difference against the count two places back (the previous run of the same colour). Stored as
 * uint32, as maskApi's (uint) cast.
 *
 * maskApi shifts the chunks in C int: exact up to 6 characters (|value| < 2^29). A 7th character
 * shifts by 30: without its sign bit the low 32 bits, all that (uint) keeps, are still right (runs
 * of 2^29 pixels and more, which rleToString writes for images above 536 megapixels), so it is
 * accepted; with the sign bit maskApi computes -1 << 35 (undefined; x86 gives -1 << 3) and decodes
 * garbage, and an 8th character is shifted by 35: both are refused.
 *
 * One count per call so that the fused decode pass (decode-measure.ts) measures each run as it is
 * decoded; small enough for V8 to inline there.
 */
export function decodeCountAt(s: string, p: number, cnts: Uint32Array, m: number, at: number): number {
  const n = s.length;
  const start = p;
  let code = s.charCodeAt(p) - 48;
  if (code >>> 0 > 63) return -(8 * p + 1); // not in '0'..'o'
  p++;
  let x: number;
  if (code < 32) {
    // One-character count (|value| < 16): the common case for runs diffed two places back.
    x = code & 16 ? code - 32 : code;
  } else {
    x = code & 31;
    let k = 1;
    do {
      if (p >= n) return -(8 * start + 2); // truncated: the last character says more follow
      code = s.charCodeAt(p) - 48;
      if (code >>> 0 > 63) return -(8 * p + 1);
      p++;
      if (k < 6) x |= (code & 31) << (5 * k);
      else {
        if (code & 32) return -(8 * start + 3); // an 8th character
        if (code & 16) return -(8 * start + 4); // a sign-extended 7th character
        x += (code & 15) * 1073741824; // * 2^30; the uint32 store keeps the low 32 bits
      }
      k++;
    } while (code & 32);
    if (code & 16) x |= -1 << (5 * k); // k <= 6 here
  }
  if (m - at > 2) x += cnts[m - 2];
  cnts[m] = x; // Uint32Array store wraps modulo 2^32, as maskApi's (uint) cast does
  return p;
}

/** Decodes the whole counts string s into cnts[at...] (decodeCountAt); returns how many counts, or decodeCountAt's negative error. */
export function decodeCountsInto(s: string, cnts: Uint32Array, at: number): number {
  let m = at;
  for (let p = 0; p < s.length; m++) {
    p = decodeCountAt(s, p, cnts, m, at);
    if (p < 0) return p;
  }
  return m - at;
}

/** What a negative result of decodeCountAt / decodeCountsInto means, in words ("count #3 ..."), or null for a count. */
export function countsDecodeError(s: string, result: number): string | null {
  if (result >= 0) return null;
  const code = -result;
  const kind = code % 8;
  const p = (code - kind) / 8;
  let count = 1; // counts that end before p, plus one
  for (let i = 0; i < p; i++) if (((s.charCodeAt(i) - 48) & 32) === 0) count++;
  switch (kind) {
    case 1:
      return `has a character ${JSON.stringify(s[p])} at position ${p} that is not in COCO's RLE alphabet ('0'..'o'); encode masks with pycocotools.mask.encode and decode the bytes with .decode("ascii")`;
    case 2:
      return `is truncated: count #${count} (from character ${p}) continues past the end of the string (length ${s.length})`;
    case 3:
      return `has count #${count} (from character ${p}) longer than 7 characters, more than any run length; pycocotools would misread it`;
    default:
      return `has count #${count} (from character ${p}) that takes 7 characters for a negative difference below -2^29, which pycocotools misreads (its decoder overflows); such runs exceed any real image`;
  }
}

/**
 * Merges the interior zero-length runs of cnts[at .. at + m) in place and returns the new number of
 * runs (m when there was none): [a, 0, b] becomes [a + b], [a, 0, 0, b] becomes [a, b]. A leading 0
 * (the mask starts with foreground) and a trailing 0 are kept: only interior zeros make
 * pycocotools' rleIou stop early (when both masks hold one at the same pixel it reports IoU over the
 * pixels walked so far), so a results mask canonicalized here gets pycocotools' numbers on any
 * ground truth. Area and foreground pixels are unchanged; rleToBbox can change (a mask whose
 * foreground runs were all empty has 1 run left, so the box [0, 0, 0, 0] instead of the wrapped one).
 *
 * Self-contained (no imports, no nested functions): the helper thread runs its source text.
 */
export function mergeZeroRuns(cnts: Uint32Array, at: number, m: number): number {
  const last = at + m - 1;
  let j = at + 1;
  while (j < last && cnts[j] !== 0) j++;
  if (j >= last) return m;
  let o = j - 1; // the last run kept
  let merge = true; // the next run joins run o (the zero between them is dropped)
  for (j++; j <= last; j++) {
    const c = cnts[j];
    if (merge) {
      cnts[o] += c;
      merge = false;
    } else if (c === 0 && j < last) merge = true;
    else cnts[++o] = c;
  }
  return o - at + 1;
}
