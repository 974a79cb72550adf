// Reads one detection straight from the bytes of a results file, without JSON.parse: no object, no
// counts string. Only the common, valid shape is read here —
//   {"image_id": 1, "category_id": 2, "score": 0.9, "bbox": [x, y, w, h], "segmentation": {"size": [h, w], "counts": "..."}}
// in any key order, with any other keys (skipped), any whitespace. Anything else (polygons, an
// uncompressed RLE, escapes other than \\ in counts, NaN, duplicate keys, a malformed value) returns
// false, and the caller parses that one element with JSON.parse and checks it the usual way: the
// errors and pycocotools' quirks stay in one place (results.ts, lib/eval), this is only a fast path.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** What decodeDetection read (fields reused from one detection to the next). */
export class ByteDetection {
  imageId = 0;
  categoryId = 0;
  score = 0;
  /** -1: no bbox key; 0: "bbox": []; 4: a box in `bbox`. */
  bboxLength = -1;
  bbox = new Float64Array(4);
  hasSegmentation = false;
  height = 0;
  width = 0;
  /** The counts string's bytes in the buffer, between the quotes (still escaped when `countsEscaped`). */
  countsStart = 0;
  countsEnd = 0;
  /** The counts hold `\\` (a backslash, character 92 of COCO's alphabet, escaped in JSON). */
  countsEscaped = false;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The parser's cursor and last number: module state, as the hot loop runs once per detection. */
let p = 0;
let value = 0;

function skipWhitespace(buf: Uint8Array, end: number): void {
  while (p < end && isWhitespace(buf[p])) p++;
}

/**
 * A JSON number at p (RFC 8259 grammar, checked here), into `value`; false if there is none. Integers
 * up to 15 digits are computed directly; others go through Number() on the text, which rounds exactly
 * as JSON.parse does.
 */
function readNumber(buf: Uint8Array, end: number): boolean {
  const start = p;
  let negative = false;
  if (buf[p] === MINUS) {
    negative = true;
    p++;
  }
  const intStart = p;
  let int = 0;
  if (buf[p] === ZERO) p++;
  else if (buf[p] > ZERO && buf[p] <= NINE) while (p < end && buf[p] >= ZERO && buf[p] <= NINE) int = int * 10 + (buf[p++] - ZERO);
  else return false;
  const intDigits = p - intStart;
  let plain = true;
  if (buf[p] === DOT) {
    plain = false;
    p++;
    const fracStart = p;
    while (p < end && buf[p] >= ZERO && buf[p] <= NINE) p++;
    if (p === fracStart) return false;
  }
  if (buf[p] === 0x65 || buf[p] === 0x45) {
    plain = false;
    p++;
    if (buf[p] === PLUS || buf[p] === MINUS) p++;
    const expStart = p;
    while (p < end && buf[p] >= ZERO && buf[p] <= NINE) p++;
    if (p === expStart) return false;
  }
  if (p > end) return false;
  if (plain && intDigits <= 15) value = negative ? -int : int;
  else value = Number(String.fromCharCode.apply(null, buf.subarray(start, p) as unknown as number[]));
  return true;
}

/** The key last read (a string without escapes), as the byte range [keyStart, keyEnd). */
let keyStart = 0;
let keyEnd = 0;
function readKey(buf: Uint8Array, end: number): boolean {
  if (buf[p] !== QUOTE) return false;
  keyStart = ++p;
  while (p < end && buf[p] !== QUOTE) {
    if (buf[p] === BACKSLASH) return false;
    p++;
  }
  if (p >= end) return false;
  keyEnd = p++;
  return true;
}

function keyIs(buf: Uint8Array, name: string): boolean {
  const n = keyEnd - keyStart;
  if (n !== name.length) return false;
  for (let k = 0; k < n; k++) if (buf[keyStart + k] !== name.charCodeAt(k)) return false;
  return true;
}

/** `"key": ` (colon and whitespace after the key). */
function readColon(buf: Uint8Array, end: number): boolean {
  skipWhitespace(buf, end);
  if (buf[p] !== COLON) return false;
  p++;
  skipWhitespace(buf, end);
  return true;
}

/** After a value: whitespace, then ',' (more to come: true) or the closing bracket (false); null on anything else. */
function readSeparator(buf: Uint8Array, end: number, close: number): boolean | null {
  skipWhitespace(buf, end);
  if (buf[p] === COMMA) {
    p++;
    skipWhitespace(buf, end);
    return true;
  }
  if (buf[p] === close) {
    p++;
    return false;
  }
  return null;
}

/** Skips any JSON value whose strings hold no escapes other than \" and \\ (else: false, the slow path decides). */
function skipValue(buf: Uint8Array, end: number): boolean {
  const c = buf[p];
  if (c === QUOTE) {
    p++;
    while (p < end && buf[p] !== QUOTE) {
      if (buf[p] === BACKSLASH) {
        const e = buf[p + 1];
        if (e !== QUOTE && e !== BACKSLASH) return false;
        p++;
      }
      p++;
    }
    if (p >= end) return false;
    p++;
    return true;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    p++;
    skipWhitespace(buf, end);
    if (buf[p] === close) {
      p++;
      return true;
    }
    for (;;) {
      if (c === OPEN_BRACE) {
        if (!readKey(buf, end) || !readColon(buf, end)) return false;
      }
      if (!skipValue(buf, end)) return false;
      const more = readSeparator(buf, end, close);
      if (more === null) return false;
      if (!more) return true;
    }
  }
  if (c === 0x74) return literal(buf, end, "true");
  if (c === 0x66) return literal(buf, end, "false");
  if (c === 0x6e) return literal(buf, end, "null");
  return readNumber(buf, end);
}

function literal(buf: Uint8Array, end: number, word: string): boolean {
  if (p + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (buf[p + k] !== word.charCodeAt(k)) return false;
  p += word.length;
  return true;
}

/** "bbox": [] or [x, y, w, h]. */
function readBbox(buf: Uint8Array, end: number, out: ByteDetection): boolean {
  if (buf[p] !== OPEN_BRACKET) return false;
  p++;
  skipWhitespace(buf, end);
  if (buf[p] === CLOSE_BRACKET) {
    p++;
    out.bboxLength = 0;
    return true;
  }
  for (let k = 0; ; k++) {
    if (k === 4 || !readNumber(buf, end)) return false;
    out.bbox[k] = value;
    const more = readSeparator(buf, end, CLOSE_BRACKET);
    if (more === null) return false;
    if (!more) {
      if (k !== 3) return false;
      out.bboxLength = 4;
      return true;
    }
  }
}

/** {"size": [h, w], "counts": "..."}: a compressed RLE, nothing else. */
function readSegmentation(buf: Uint8Array, end: number, out: ByteDetection): boolean {
  if (buf[p] !== OPEN_BRACE) return false;
  p++;
  skipWhitespace(buf, end);
  let sawSize = false,
    sawCounts = false;
  for (;;) {
    if (!readKey(buf, end) || !readColon(buf, end)) return false;
    if (keyIs(buf, "size") && !sawSize) {
      sawSize = true;
      if (buf[p] !== OPEN_BRACKET) return false;
      p++;
      skipWhitespace(buf, end);
      if (!readNumber(buf, end)) return false;
      out.height = value;
      if (readSeparator(buf, end, CLOSE_BRACKET) !== true || !readNumber(buf, end)) return false;
      out.width = value;
      if (readSeparator(buf, end, CLOSE_BRACKET) !== false) return false;
      if (!Number.isInteger(out.height) || !Number.isInteger(out.width) || out.height < 0 || out.width < 0) return false;
    } else if (keyIs(buf, "counts") && !sawCounts) {
      sawCounts = true;
      if (buf[p] !== QUOTE) return false;
      out.countsStart = ++p;
      out.countsEscaped = false;
      while (p < end && buf[p] !== QUOTE) {
        if (buf[p] === BACKSLASH) {
          if (buf[p + 1] !== BACKSLASH) return false;
          out.countsEscaped = true;
          p++;
        }
        p++;
      }
      if (p >= end) return false;
      out.countsEnd = p++;
    } else return false; // another key: the slow path says what loadRes does with it
    const more = readSeparator(buf, end, CLOSE_BRACE);
    if (more === null) return false;
    if (!more) break;
  }
  if (!sawSize || !sawCounts) return false;
  out.hasSegmentation = true;
  return true;
}

const IMAGE_ID = 1,
  CATEGORY_ID = 2,
  SCORE = 4,
  BBOX = 8,
  SEGMENTATION = 16;

/**
 * Reads the detection in buf[start, end) (one element of the top-level array) into `out`. Returns
 * false when it is not in the fast path's shape; `out` is then meaningless.
 */
export function decodeDetection(buf: Uint8Array, start: number, end: number, out: ByteDetection): boolean {
  p = start;
  skipWhitespace(buf, end);
  if (buf[p] !== OPEN_BRACE) return false;
  p++;
  skipWhitespace(buf, end);
  out.bboxLength = -1;
  out.hasSegmentation = false;
  let seen = 0;
  if (buf[p] === CLOSE_BRACE) return false;
  for (;;) {
    if (!readKey(buf, end) || !readColon(buf, end)) return false;
    let field = 0;
    if (keyIs(buf, "image_id")) field = IMAGE_ID;
    else if (keyIs(buf, "category_id")) field = CATEGORY_ID;
    else if (keyIs(buf, "score")) field = SCORE;
    else if (keyIs(buf, "bbox")) field = BBOX;
    else if (keyIs(buf, "segmentation")) field = SEGMENTATION;
    if (field !== 0) {
      if (seen & field) return false; // a repeated key: JSON.parse keeps the last one; leave it to it
      seen |= field;
    }
    switch (field) {
      case IMAGE_ID:
        if (!readNumber(buf, end)) return false;
        out.imageId = value;
        break;
      case CATEGORY_ID:
        if (!readNumber(buf, end)) return false;
        out.categoryId = value;
        break;
      case SCORE:
        if (!readNumber(buf, end)) return false;
        out.score = value;
        break;
      case BBOX:
        if (!readBbox(buf, end, out)) return false;
        break;
      case SEGMENTATION:
        if (!readSegmentation(buf, end, out)) return false;
        break;
      default:
        if (!skipValue(buf, end)) return false;
    }
    const more = readSeparator(buf, end, CLOSE_BRACE);
    if (more === null) return false;
    if (!more) break;
  }
  skipWhitespace(buf, end);
  // Ids and score are required: without them the slow path reports what is missing.
  return p === end && (seen & (IMAGE_ID | CATEGORY_ID | SCORE)) === (IMAGE_ID | CATEGORY_ID | SCORE);
}
