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
 * Parses the elements of a top-level JSON array from a stream of byte chunks, any size: the
 * bytes are scanned for element boundaries (depth, strings, escapes) and the complete elements
 * of each chunk are handed to one JSON.parse call. Memory is bounded by the parsed values plus
 * one chunk, never the whole text (a 2 GB file exceeds V8's maximum string length).
 */
export async function* parseJsonArrayStream(chunks: AsyncIterable<Buffer>): AsyncGenerator<unknown[]> {
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

  const endElement = (end: number) => {
    starts.push(elemStart);
    ends.push(end);
    elemStart = -1;
    scalar = false;
    expectElement = false;
    sawElement = true;
  };

  const parseBatch = (): unknown[] => {
    const first = starts[0];
    const last = ends[ends.length - 1];
    try {
      return JSON.parse("[" + buf.toString("utf8", first, last) + "]") as unknown[];
    } catch {
      return starts.map((s, k) => parseElement(s, ends[k]));
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
      if (inString) {
        const q = buf.indexOf(QUOTE, pos);
        if (q < 0) {
          pos = n;
          break;
        }
        let backslashes = 0;
        while (buf[q - 1 - backslashes] === BACKSLASH) backslashes++;
        pos = q + 1;
        if (backslashes % 2 === 0) {
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
          if (phase === "after") throw notJson(base + pos, `unexpected ${JSON.stringify(String.fromCharCode(c))} after the end of the top-level array`);
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
        if (!expectElement) throw notJson(base + pos, `expected ',' or ']' after an element but found ${JSON.stringify(String.fromCharCode(c))}`);
        elemStart = pos;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE) throw notJson(base + pos, "unexpected '}'");
        else scalar = true;
        pos++;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 1) endElement(pos + 1);
      }
      pos++;
    }

    if (starts.length > 0) {
      const elements = parseBatch();
      starts.length = 0;
      ends.length = 0;
      yield elements;
    }
  }

  if (phase === "before") throw CocoValidationError.single("empty", describeTopLevel(undefined));
  if (phase !== "after") throw notJson(base + buf.length, "the file ends inside the top-level array (truncated upload?); it must end with ']'");
}
