import "server-only";
import { CocoValidationError } from "./errors";
import { findJsonSyntaxError } from "./json-syntax";

/**
 * Python's json.dump writes float('nan') / float('inf') as the bare words NaN / Infinity, which
 * are not JSON. Elements holding them are parsed with these string stand-ins so validation can
 * point at the exact field instead of failing the whole file.
 */
export const NON_FINITE_MARK = "\u0000non-finite:";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Elements are handed to JSON.parse this many bytes at a time. Texts below V8's large-object size
 * (128 KiB) are young-generation strings: on the 110 MB benchmark file, 64 KiB batches parse in
 * ~0.37 s where 1 MiB batches take ~0.55 s (mostly garbage collection).
 */
const BATCH_BYTES = 64 * 1024;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function notJson(offset: number, message: string): CocoValidationError {
  return CocoValidationError.single("not_json", `the file is not valid JSON at byte ${offset}: ${message}`);
}

function describeTopLevel(c: number | undefined): string {
  if (c === undefined) return "the file is empty; it must hold a JSON array of detections: [{...}, {...}]";
  if (c === OPEN_BRACE)
    return 'the top level of the file is a JSON object ({...}), not an array; a results file is a list of detections: [{"image_id": 1, "category_id": 3, "segmentation": {...}, "score": 0.9}, ...] (if this is a COCO dataset file, submit only its detections)';
  return `the top level of the file must be a JSON array ([...]) of detections, but it starts with ${JSON.stringify(String.fromCharCode(c))}`;
}

function withNonFiniteMarks(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m.startsWith('"') ? m : JSON.stringify(NON_FINITE_MARK + m)));
}

/** The quote at q ends its string unless an odd number of backslashes stands right before it. */
function closesString(buf: Buffer, q: number): boolean {
  let backslashes = 0;
  while (buf[q - 1 - backslashes] === BACKSLASH) backslashes++;
  return backslashes % 2 === 0;
}

/** Where scanNested stopped: its depth (1 = directly inside the top-level array) and string state. */
type Nesting = { depth: number; inString: boolean; stringStart: number };

/**
 * Bounds on what one element may cost, checked as the bytes are scanned (before anything is parsed):
 * an upload whose single string or bare number runs for hundreds of megabytes is refused at once
 * instead of being carried, then decoded, into a string of that size.
 */
export type ScanLimits = {
  /** Longest string or top-level number, in bytes. */
  maxTokenBytes?: number;
  /** Longest element (one detection), in bytes. */
  maxElementBytes?: number;
  /** The chunks are only the first part of the file (a bounded check): ending inside the array is fine. */
  partial?: boolean;
};

/** scanNested's answer when a string inside the element is longer than the token limit. */
const TOKEN_TOO_LONG = -2;
/** scanNested's answer when the element nests deeper than MAX_DEPTH. */
const TOO_DEEP = -3;
/**
 * Deepest nesting of a results file (the array is level 1; a polygon is array > object > list > list):
 * a value nested 100,000 levels deep would overflow the stack of anything that walks it recursively.
 */
export const MAX_DEPTH = 64;

function kib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
}

function tokenTooLong(offset: number, limit: number, what: string): CocoValidationError {
  return CocoValidationError.single(
    "token_too_long",
    `the file holds a JSON ${what} longer than ${kib(limit)} starting at byte ${offset}; no field of a detection needs that much (an RLE "counts" string is far shorter), so the file is refused without reading further; check how it was written`,
  );
}

function elementTooLong(offset: number, limit: number): CocoValidationError {
  return CocoValidationError.single(
    "token_too_long",
    `the element starting at byte ${offset} is longer than ${kib(limit)}; one detection never needs that much (simplify its polygon or use a compressed RLE), so the file is refused without reading further`,
  );
}

/** Strings shorter than this are searched in JS; longer ones by Buffer.indexOf, a native call. */
const SHORT_STRING_BYTES = 24;

/**
 * Scans inside an element (nesting.depth >= 2) for the bracket that closes it, skipping strings.
 * Returns the index just past it, or -1 at the end of buf with `nesting` holding where it stopped.
 * Only quotes and brackets matter here; JSON.parse checks the rest. The hot loop of the scanner:
 * module-level with plain locals, as closure variables of the generator are slower to reach.
 */
function scanNested(buf: Buffer, pos: number, n: number, nesting: Nesting, base: number, maxTokenBytes: number): number {
  let depth = nesting.depth;
  let inString = nesting.inString;
  let stringStart = nesting.stringStart; // file offset of the open string's first byte
  while (pos < n) {
    if (inString) {
      let q = pos;
      const shortEnd = Math.min(n, pos + SHORT_STRING_BYTES);
      while (q < shortEnd && buf[q] !== QUOTE) q++;
      if (q === shortEnd) q = q < n ? buf.indexOf(QUOTE, q) : -1;
      if (q < 0) break;
      pos = q + 1;
      if (closesString(buf, q)) {
        inString = false;
        if (base + q - stringStart > maxTokenBytes) {
          nesting.stringStart = stringStart;
          return TOKEN_TOO_LONG;
        }
      }
      continue;
    }
    const c = buf[pos++];
    if (c === QUOTE) {
      inString = true;
      stringStart = base + pos;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) {
        nesting.stringStart = base + pos - 1;
        return TOO_DEEP;
      }
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 1) {
      nesting.depth = 1;
      nesting.inString = false;
      return pos;
    }
  }
  nesting.depth = depth;
  nesting.inString = inString;
  nesting.stringStart = stringStart;
  if (inString && base + n - stringStart > maxTokenBytes) return TOKEN_TOO_LONG;
  return -1;
}

/**
 * Joins the unfinished end of the previous chunk with the next chunk. Growing by doubling keeps an
 * element spanning many chunks (a huge polygon) linear in its size instead of quadratic.
 */
class CarryBuffer {
  private store: Buffer = Buffer.alloc(0);

  append(previous: Buffer, keepFrom: number, chunk: Buffer): Buffer {
    const keep = previous.length - keepFrom;
    if (keep === 0) return chunk;
    const needed = keep + chunk.length;
    if (this.store.length < needed) {
      const grown = Buffer.allocUnsafe(Math.max(2 * needed, 4 * chunk.length));
      previous.copy(grown, 0, keepFrom);
      this.store = grown;
    } else if (previous.buffer === this.store.buffer && previous.byteOffset === this.store.byteOffset) {
      if (keepFrom > 0) this.store.copyWithin(0, keepFrom, previous.length);
    } else {
      previous.copy(this.store, 0, keepFrom);
    }
    chunk.copy(this.store, keep);
    return this.store.subarray(0, needed);
  }
}

/**
 * The complete elements found in one chunk of a top-level JSON array: element k is bytes
 * buf[starts[k], ends[k]) (file offset base + starts[k]). Valid until the generator resumes.
 */
export interface ScannedElements {
  buf: Buffer;
  base: number;
  starts: readonly number[];
  ends: readonly number[];
  /** JSON.parse of elements [from, to) (one call; a NaN/Infinity element gets NON_FINITE_MARK stand-ins). */
  parse(from: number, to: number): unknown[];
}

/**
 * Parses the elements of a top-level JSON array from a stream of byte chunks, any size: the
 * bytes are scanned for element boundaries (depth, strings, escapes) and the complete elements
 * of each chunk are handed to one JSON.parse call. Memory is bounded by the parsed values plus
 * one chunk, never the whole text (a 2 GB file exceeds V8's maximum string length).
 */
export async function* parseJsonArrayStream(chunks: AsyncIterable<Buffer>, limits: ScanLimits = {}): AsyncGenerator<unknown[]> {
  for await (const scanned of scanJsonArrayStream(chunks, limits)) {
    const { starts, ends } = scanned;
    for (let from = 0; from < starts.length;) {
      let to = from + 1;
      while (to < starts.length && ends[to] - starts[from] <= BATCH_BYTES) to++;
      yield scanned.parse(from, to);
      from = to;
    }
  }
}

/**
 * The scanner under parseJsonArrayStream, for readers that decode elements from their bytes
 * themselves (lib/coco/result-columns.ts): yields each chunk's complete elements as byte ranges.
 */
export async function* scanJsonArrayStream(chunks: AsyncIterable<Buffer>, limits: ScanLimits = {}): AsyncGenerator<ScannedElements> {
  const maxTokenBytes = limits.maxTokenBytes ?? Infinity;
  const maxElementBytes = limits.maxElementBytes ?? Infinity;
  let buf: Buffer = Buffer.alloc(0);
  let base = 0; // file offset of buf[0]
  let pos = 0; // next byte of buf to scan
  let phase: "before" | "inside" | "after" = "before";
  let depth = 0; // 1 = directly inside the top-level array
  let inString = false;
  let elemStart = -1; // buf index where the element being scanned starts
  let scalar = false; // the element being scanned is a bare number/literal
  let expectElement = true; // after '[' or ','
  let sawElement = false;
  const starts: number[] = [];
  const ends: number[] = [];
  const nesting: Nesting = { depth: 0, inString: false, stringStart: 0 };

  const endElement = (end: number) => {
    if (end - elemStart > maxTokenBytes && (scalar || buf[elemStart] === QUOTE)) {
      throw tokenTooLong(base + elemStart, maxTokenBytes, scalar ? "number" : "string");
    }
    if (end - elemStart > maxElementBytes) throw elementTooLong(base + elemStart, maxElementBytes);
    starts.push(elemStart);
    ends.push(end);
    elemStart = -1;
    scalar = false;
    expectElement = false;
    sawElement = true;
  };

  // Elements [from, to) of starts/ends in one JSON.parse call; per element if that fails, to find
  // the culprit (or a NaN to mark).
  const parseBatch = (from: number, to: number): unknown[] => {
    try {
      return JSON.parse(batchText(starts[from], ends[to - 1])) as unknown[];
    } catch {
      const elements: unknown[] = [];
      for (let k = from; k < to; k++) elements.push(parseElement(starts[k], ends[k]));
      return elements;
    }
  };

  // The text of buf[first, last) wrapped in "[...]". The bytes just outside the elements are
  // separators ('[', ',', ']' or whitespace), so they are briefly overwritten with the brackets:
  // decoding "[" + text + "]" would make JSON.parse flatten a 64 KiB concatenation per batch.
  const batchText = (first: number, last: number): string => {
    if (first === 0 || last >= buf.length) return "[" + buf.toString("utf8", first, last) + "]";
    const before = buf[first - 1];
    const after = buf[last];
    buf[first - 1] = OPEN_BRACKET;
    buf[last] = CLOSE_BRACKET;
    try {
      return buf.toString("utf8", first - 1, last + 1);
    } finally {
      buf[first - 1] = before;
      buf[last] = after;
    }
  };

  const parseElement = (start: number, end: number): unknown => {
    const text = buf.toString("utf8", start, end);
    try {
      return JSON.parse(text);
    } catch {
      try {
        return JSON.parse(withNonFiniteMarks(text));
      } catch {
        const found = findJsonSyntaxError(text);
        const offset = base + start + (found ? Buffer.byteLength(text.slice(0, found.offset)) : 0);
        throw notJson(offset, found?.message ?? "malformed value");
      }
    }
  };

  const carry = new CarryBuffer();
  for await (const chunk of chunks) {
    // Keep only the unfinished element (or nothing) from the previous chunk.
    const keepFrom = elemStart >= 0 ? elemStart : pos;
    buf = carry.append(buf, keepFrom, chunk);
    base += keepFrom;
    pos -= keepFrom;
    if (elemStart >= 0) elemStart -= keepFrom;

    const n = buf.length;
    while (pos < n) {
      if (depth >= 2) {
        nesting.depth = depth;
        nesting.inString = inString;
        const end = scanNested(buf, pos, n, nesting, base, maxTokenBytes);
        if (end === TOKEN_TOO_LONG) throw tokenTooLong(nesting.stringStart - 1, maxTokenBytes, "string");
        if (end === TOO_DEEP)
          throw notJson(
            nesting.stringStart,
            `values are nested more than ${MAX_DEPTH} levels deep; a detection needs at most 5 (polygons: [[x, y, ...]])`,
          );
        depth = nesting.depth;
        inString = nesting.inString;
        if (end < 0) {
          pos = n;
          break;
        }
        pos = end;
        endElement(pos);
        continue;
      }
      if (inString) {
        const q = buf.indexOf(QUOTE, pos);
        if (q < 0) {
          pos = n;
          break;
        }
        pos = q + 1;
        if (closesString(buf, q)) {
          inString = false;
          if (depth === 1) endElement(pos);
        }
        continue;
      }
      const c = buf[pos];
      if (phase !== "inside") {
        if (phase === "before" && base + pos < 3 && c === UTF8_BOM[base + pos]) {
          pos++;
          continue;
        }
        if (!isWhitespace(c)) {
          if (phase === "after")
            throw notJson(base + pos, `unexpected ${JSON.stringify(String.fromCharCode(c))} after the end of the top-level array`);
          if (c !== OPEN_BRACKET) throw CocoValidationError.single(c === OPEN_BRACE ? "not_array" : "not_json", describeTopLevel(c));
          phase = "inside";
          depth = 1;
        }
        pos++;
        continue;
      }
      if (scalar) {
        if (c === COMMA || c === CLOSE_BRACKET || isWhitespace(c)) endElement(pos);
        else {
          pos++;
          continue;
        }
      }
      if (depth === 1) {
        if (isWhitespace(c)) {
          pos++;
          continue;
        }
        if (c === COMMA || c === CLOSE_BRACKET) {
          if (c === COMMA && expectElement) throw notJson(base + pos, "unexpected ',' (an empty element, or a ',' right after '[')");
          if (c === CLOSE_BRACKET && expectElement && sawElement) throw notJson(base + pos, "trailing ',' before ']'");
          expectElement = c === COMMA;
          if (c === CLOSE_BRACKET) {
            phase = "after";
            depth = 0;
          }
          pos++;
          continue;
        }
        if (!expectElement)
          throw notJson(base + pos, `expected ',' or ']' after an element but found ${JSON.stringify(String.fromCharCode(c))}`);
        elemStart = pos;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE) throw notJson(base + pos, "unexpected '}'");
        else scalar = true;
        pos++;
        continue;
      }
    }

    if (elemStart >= 0) {
      // An element continues into the next chunk: refuse it here if it is already too long.
      const open = n - elemStart;
      if (open > maxTokenBytes && (scalar || (depth === 1 && inString)))
        throw tokenTooLong(base + elemStart, maxTokenBytes, scalar ? "number" : "string");
      if (open > maxElementBytes) throw elementTooLong(base + elemStart, maxElementBytes);
    }
    if (starts.length > 0) yield { buf, base, starts, ends, parse: parseBatch };
    starts.length = 0;
    ends.length = 0;
  }

  if (phase === "before") throw CocoValidationError.single("empty", describeTopLevel(undefined));
  if (phase === "inside" && limits.partial) return;
  if (phase !== "after")
    throw notJson(base + buf.length, "the file ends inside the top-level array (truncated upload?); it must end with ']'");
}
