// COCO's compressed counts string: a LEB128-like code with 6-bit characters '0'..'o' (maskApi rleToString/rleFrString).
import { InvalidRleError } from "./rle";

const CHAR_OFFSET = 48; // '0'
const MAX_CODE = 63;
const MORE_BIT = 0x20;
const SIGN_BIT = 0x10;
const PAYLOAD = 0x1f;

/**
 * Decoded counts are carved out of shared 1 MiB arenas instead of one ArrayBuffer each (about a quarter
 * faster for 480k detections). Callers get a subarray they must not write to or grow.
 */
const ARENA_WORDS = 1 << 18;
let arena = new Uint32Array(ARENA_WORDS);
let arenaUsed = 0;

/**
 * Decodes a counts string. Each count is split into 5-bit chunks, low first, each char = chunk + 48,
 * with 0x20 set while more chunks follow; the last chunk's 0x10 bit sign-extends. For i > 2 the value
 * is a difference against counts[i-2] (COCO's quirk: two places back, i.e. the previous run of the same colour).
 * Stored as uint32 like maskApi's (uint) cast.
 */
export function decodeCounts(s: string): Uint32Array {
  const n = s.length;
  // A count takes at least one character, so n words always suffice; only the m used are kept.
  if (arenaUsed + n > arena.length) {
    arena = new Uint32Array(Math.max(ARENA_WORDS, n));
    arenaUsed = 0;
  }
  const base = arenaUsed;
  const m = decodeCountsAt(s, arena, base);
  arenaUsed = base + m;
  return arena.subarray(base, base + m);
}

/** Decodes s into cnts[base...]; returns the number of counts. */
function decodeCountsAt(s: string, cnts: Uint32Array, base: number): number {
  const n = s.length;
  let m = base;
  let p = 0;
  while (p < n) {
    let code = s.charCodeAt(p) - CHAR_OFFSET;
    if (code >>> 0 > MAX_CODE) throw invalidCharacter(s, p);
    p++;
    let x: number;
    if (code < MORE_BIT) {
      // One-character count (|value| < 16): the common case for runs diffed two places back.
      x = code & SIGN_BIT ? code - 32 : code;
    } else {
      x = code & PAYLOAD;
      let k = 1;
      do {
        if (p >= n) {
          throw new InvalidRleError(
            `RLE counts string is truncated: count #${m - base + 1} continues past the end of the string (length ${n})`,
          );
        }
        code = s.charCodeAt(p) - CHAR_OFFSET;
        if (code >>> 0 > MAX_CODE) throw invalidCharacter(s, p);
        p++;
        // Chunks past the sixth exceed int32; maskApi is undefined there, plain arithmetic is used instead.
        x = k < 6 ? x | ((code & PAYLOAD) << (5 * k)) : x + (code & PAYLOAD) * 2 ** (5 * k);
        k++;
      } while (code & MORE_BIT);
      if (code & SIGN_BIT) x = k < 6 ? x | (-1 << (5 * k)) : x - 2 ** (5 * k);
    }
    if (m - base > 2) x += cnts[m - 2];
    cnts[m++] = x; // Uint32Array store wraps modulo 2^32, as maskApi's (uint) cast does
  }
  return m - base;
}

function invalidCharacter(s: string, p: number): InvalidRleError {
  return new InvalidRleError(
    `RLE counts string has an invalid character ${JSON.stringify(s[p])} at position ${p}; ` +
      "only characters '0' (48) to 'o' (111) are allowed",
  );
}

/** Encodes counts as COCO's compressed string (inverse of decodeCounts, byte-identical to maskApi rleToString). */
export function encodeCounts(counts: ArrayLike<number>): string {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = ((x % 32) + 32) % 32; // x & 0x1f for values beyond int32 too
      x = Math.floor(x / 32); // arithmetic shift right by 5
      more = c & SIGN_BIT ? x !== -1 : x !== 0;
      if (more) c |= MORE_BIT;
      out.push(c + CHAR_OFFSET);
    }
  }
  let s = "";
  const CHUNK = 8192;
  for (let i = 0; i < out.length; i += CHUNK) s += String.fromCharCode(...out.slice(i, i + CHUNK));
  return s;
}
