import type { ShardMatching } from "@/lib/eval/shard-matching";

// A shard's matching as bytes, for the object store between the shard's job and the parent:
// "MBSM" | u32 header length | header (JSON: ranges, sizes) | padding to 8 | the arrays, each padded to 8.
const MAGIC = "MBSM";
const ARRAYS = ["image", "rank", "category", "score", "detState", "tallyImage", "tallyCategory", "tallyCount"] as const;
type ArrayName = (typeof ARRAYS)[number];
const pad8 = (n: number) => (n + 7) & ~7;

export function encodeShardMatching(m: ShardMatching): Buffer {
  const header = JSON.stringify({
    imageFrom: m.imageFrom,
    imageTo: m.imageTo,
    thresholds: m.thresholds,
    areas: m.areas,
    lengths: ARRAYS.map((name) => m[name].length),
  });
  const head = Buffer.from(header, "utf8");
  let size = pad8(8 + head.length);
  for (const name of ARRAYS) size += pad8(m[name].byteLength);
  const out = Buffer.alloc(size);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  let at = pad8(8 + head.length);
  for (const name of ARRAYS) {
    const a = m[name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

export function decodeShardMatching(bytes: Buffer): ShardMatching {
  if (bytes.toString("latin1", 0, 4) !== MAGIC) throw new Error("not a shard matching (no MBSM header)");
  const length = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString("utf8", 8, 8 + length)) as {
    imageFrom: number;
    imageTo: number;
    thresholds: number;
    areas: number;
    lengths: number[];
  };
  let at = pad8(8 + length);
  const arrays = {} as Record<ArrayName, Int32Array | Float64Array | Uint8Array>;
  ARRAYS.forEach((name, k) => {
    const n = header.lengths[k];
    const width = name === "score" ? 8 : name === "detState" ? 1 : 4;
    if (at + n * width > bytes.length) throw new Error(`shard matching truncated at ${name}`);
    const copy = new Uint8Array(bytes.subarray(at, at + n * width)); // aligned, and independent of `bytes`
    arrays[name] = width === 8 ? new Float64Array(copy.buffer) : width === 1 ? copy : new Int32Array(copy.buffer);
    at += pad8(n * width);
  });
  return {
    imageFrom: header.imageFrom,
    imageTo: header.imageTo,
    thresholds: header.thresholds,
    areas: header.areas,
    ...(arrays as Pick<ShardMatching, ArrayName>),
  };
}
