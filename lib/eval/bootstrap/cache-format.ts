// The replicate cache as bytes, to be stored once per submission and split (lib/statistics keeps it
// content-addressed) and read back for any later replicates or paired comparisons without
// re-evaluating. Layout, little-endian:
//   "MBRC" | u32 format version | u32 header length | header (UTF-8 JSON) | padding to 8 |
//   the typed arrays in header.arrays order, each padded to 8 bytes.
// The header holds params, categoryIds, the list sizes and, per array, its name, type and length.
import type { ReplicateCache, ReplicateLists } from "./replicate-cache";

export const REPLICATE_CACHE_FORMAT = 1;
const MAGIC = [0x4d, 0x42, 0x52, 0x43]; // "MBRC"

/** Stored bytes that are not a replicate cache this version reads: a server-side fault, never the user's. */
export class ReplicateCacheFormatError extends Error {
  constructor(why: string) {
    super(`not a replicate cache: ${why}`);
    this.name = "ReplicateCacheFormatError";
  }
}

type ArrayType = "f64" | "i32" | "u8";
type TypedArray = Float64Array | Int32Array | Uint8Array;
const LIST_ARRAYS = [
  "gtStart",
  "gtImage",
  "gtRegular",
  "streamStart",
  "streamImage",
  "eventStart",
  "eventImage",
  "eventRank",
  "eventAbove",
  "entryStart",
  "entries",
  "truePositives",
] as const;

interface Header {
  params: ReplicateCache["params"];
  categoryIds: number[];
  summaryLists: number;
  /** "summary": the per-class lists are the summary lists; "own": stored after them; null: none. */
  perClass: "summary" | "own" | null;
  perClassLists: number;
  arrays: { name: string; type: ArrayType; length: number }[];
}

function typeOf(array: TypedArray): ArrayType {
  return array instanceof Float64Array ? "f64" : array instanceof Int32Array ? "i32" : "u8";
}

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeReplicateCache(cache: ReplicateCache): Uint8Array {
  const arrays: [string, TypedArray][] = [
    ["recallThresholds", cache.recallThresholds],
    ["imageIds", cache.imageIds],
    ["patterns", cache.patterns],
  ];
  const addLists = (prefix: string, lists: ReplicateLists) => {
    for (const name of LIST_ARRAYS) arrays.push([`${prefix}.${name}`, lists[name]]);
  };
  addLists("summary", cache.summary);
  const perClass = cache.perClass === null ? null : cache.perClass === cache.summary ? "summary" : "own";
  if (perClass === "own") addLists("perClass", cache.perClass!);
  const header: Header = {
    params: cache.params,
    categoryIds: cache.categoryIds,
    summaryLists: cache.summary.lists,
    perClass,
    perClassLists: cache.perClass?.lists ?? 0,
    arrays: arrays.map(([name, a]) => ({ name, type: typeOf(a), length: a.length })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = pad8(12 + json.length);
  for (const [, a] of arrays) size += pad8(a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, REPLICATE_CACHE_FORMAT, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let offset = pad8(12 + json.length);
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  for (const [, a] of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    if (!littleEndian && !(a instanceof Uint8Array)) throw new Error("replicate caches are written on little-endian machines only");
    out.set(bytes, offset);
    offset += pad8(a.byteLength);
  }
  return out;
}

export function decodeReplicateCache(bytes: Uint8Array): ReplicateCache {
  const fail = (why: string): never => {
    throw new ReplicateCacheFormatError(why);
  };
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) fail("the file does not start with MBRC");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format !== REPLICATE_CACHE_FORMAT) fail(`format ${format}, this version reads ${REPLICATE_CACHE_FORMAT}`);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) fail("truncated header");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  let offset = pad8(12 + length);
  const read = new Map<string, TypedArray>();
  for (const { name, type, length: n } of header.arrays) {
    const size = n * (type === "f64" ? 8 : type === "i32" ? 4 : 1);
    if (offset + size > bytes.length) fail(`truncated at ${name}`);
    // Copies: the arrays must be aligned and must not keep the whole file alive. (Not bytes.slice: on a
    // Node Buffer that is a view into a shared pool, whose .buffer holds other bytes.)
    const copy = new Uint8Array(size);
    copy.set(bytes.subarray(offset, offset + size));
    read.set(name, type === "f64" ? new Float64Array(copy.buffer) : type === "i32" ? new Int32Array(copy.buffer) : copy);
    offset += pad8(size);
  }
  const get = <T extends TypedArray>(name: string): T => (read.get(name) as T | undefined) ?? fail(`missing ${name}`);
  const lists = (prefix: string, count: number): ReplicateLists => {
    const out = { lists: count } as Record<string, unknown>;
    for (const name of LIST_ARRAYS) out[name] = get(`${prefix}.${name}`);
    return out as unknown as ReplicateLists;
  };
  const summary = lists("summary", header.summaryLists);
  return {
    params: header.params,
    recallThresholds: get<Float64Array>("recallThresholds"),
    imageIds: get<Float64Array>("imageIds"),
    categoryIds: header.categoryIds,
    patterns: get<Uint8Array>("patterns"),
    summary,
    perClass: header.perClass === null ? null : header.perClass === "summary" ? summary : lists("perClass", header.perClassLists),
  };
}
