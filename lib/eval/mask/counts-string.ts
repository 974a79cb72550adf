// COCO's compressed counts string: a LEB128-like code with 6-bit characters '0'..'o' (maskApi rleToString/rleFrString).
import { countsDecodeError, decodeCountsInto } from "./counts-decoder";
import { InvalidRleError } from "./rle";

const CHAR_OFFSET = 48; // '0'
const MORE_BIT = 0x20;
const SIGN_BIT = 0x10;

/**
 * Decoded counts are carved out of shared 1 MiB arenas instead of one ArrayBuffer each (about a quarter
 * faster for 480k detections). Callers get a subarray they must not write to or grow.
 */
const ARENA_WORDS = 1 << 18;
let arena = new Uint32Array(ARENA_WORDS);
let arenaUsed = 0;

/**
 * Decodes a counts string (decodeCountsInto, the one decoder: its comment has the format) into a
 * subarray of the arena. Throws InvalidRleError saying what is wrong and where.
 */
export function decodeCounts(s: string): Uint32Array {
  const n = s.length;
  // A count takes at least one character, so n words always suffice; only the m used are kept.
  if (arenaUsed + n > arena.length) {
    arena = new Uint32Array(Math.max(ARENA_WORDS, n));
    arenaUsed = 0;
  }
  const base = arenaUsed;
  const m = decodeCountsInto(s, arena, base);
  if (m < 0) throw new InvalidRleError(`RLE counts string ${countsDecodeError(s, m)}`);
  arenaUsed = base + m;
  return arena.subarray(base, base + m);
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
