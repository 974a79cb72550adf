import "server-only";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import path from "node:path";
import { CountsStore } from "@/lib/coco/counts-store";
import type { DetectionSink, ReadDetection, ReadTable } from "@/lib/coco/result-columns";
import { TableBuilder } from "@/lib/coco/result-columns";
import { InvalidResultsError } from "@/lib/eval";
import { shardImageRange } from "@/lib/eval/shard-matching";

// A results file cut into image shards: one file of detection records per shard, each record a
// detection as the streaming reader accepted it (ids, score, own box, measured mask, counts bytes),
// in file order. A shard's worker reads its file back into a ResultTable without JSON or checks.
// Record, little-endian: f64 imageId, categoryId, score | u8 flags (1 bbox, 2 mask) | f64 x4 bbox |
// i32 h, w | f64 area | f64 x4 mask box | u32 counts length | counts bytes (unescaped).
const FIXED = 24 + 1 + 32 + 8 + 8 + 32 + 4;
const HAS_BBOX = 1;
const HAS_MASK = 2;
const BUFFER_BYTES = 1 << 20;

class RecordWriter {
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  count = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}

  write(d: ReadDetection): void {
    const counts = d.mask?.counts;
    const countsMax = !counts ? 0 : "text" in counts ? counts.text.length : counts.end - counts.start;
    if (this.used + FIXED + countsMax > this.buf.length) {
      this.flush();
      if (FIXED + countsMax > this.buf.length) this.buf = Buffer.allocUnsafe(FIXED + countsMax);
    }
    const b = this.buf;
    let at = this.used;
    at = b.writeDoubleLE(d.imageId, at);
    at = b.writeDoubleLE(d.categoryId, at);
    at = b.writeDoubleLE(d.score, at);
    b[at++] = (d.bbox ? HAS_BBOX : 0) | (d.mask ? HAS_MASK : 0);
    for (let k = 0; k < 4; k++) at = b.writeDoubleLE(d.bbox ? d.bbox[k] : 0, at);
    const m = d.mask;
    at = b.writeInt32LE(m ? m.h : -1, at);
    at = b.writeInt32LE(m ? m.w : -1, at);
    at = b.writeDoubleLE(m ? m.area : NaN, at);
    for (let k = 0; k < 4; k++) at = b.writeDoubleLE(m ? m.box[k] : 0, at);
    const lengthAt = at;
    at += 4;
    if (counts) {
      if ("text" in counts) at += b.write(counts.text, at, "latin1");
      else if (!counts.escaped)
        at += Buffer.from(counts.buf.buffer, counts.buf.byteOffset, counts.buf.byteLength).copy(b, at, counts.start, counts.end);
      else
        for (let k = counts.start; k < counts.end; k++) {
          b[at++] = counts.buf[k];
          if (counts.buf[k] === 0x5c) k++; // JSON's \\ is one backslash
        }
    }
    b.writeUInt32LE(at - lengthAt - 4, lengthAt);
    this.bytes += at - this.used;
    this.used = at;
    this.count++;
  }

  flush(): void {
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buf, written, this.used - written);
    this.used = 0;
  }
}

export type ShardFiles = { paths: string[]; counts: number[]; bytes: number[] };

/**
 * The sink that cuts a results file into `shards` files in `dir` by image (contiguous ranges of the
 * prepared image order, shardImageRange). It checks what loadRes checks across detections (each
 * has a box when results[0] has one; a mask when results[0] has none), with the file's indices, so a
 * shard never fails on what the whole file would not.
 */
export class ShardWriter implements DetectionSink {
  private readonly writers: RecordWriter[];
  private readonly fds: number[];
  readonly paths: string[];
  private readonly shardOfImage: Int32Array;
  private firstHasBbox: boolean | null = null;

  constructor(
    dir: string,
    shards: number,
    private readonly imageIndexById: ReadonlyMap<number, number>,
    images: number,
    private readonly wantMasks: boolean,
  ) {
    this.shardOfImage = new Int32Array(images);
    for (let s = 0; s < shards; s++) {
      const [from, to] = shardImageRange(images, shards, s);
      this.shardOfImage.fill(s, from, to);
    }
    this.paths = Array.from({ length: shards }, (_, s) => path.join(dir, `shard-${s}.bin`));
    this.fds = this.paths.map((p) => openSync(p, "w"));
    this.writers = this.fds.map((fd) => new RecordWriter(fd));
  }

  add(d: ReadDetection): void {
    if (this.firstHasBbox === null) this.firstHasBbox = d.bbox !== null;
    if (this.firstHasBbox) {
      if (!d.bbox)
        throw new InvalidResultsError(
          `results[${d.index}] has no bbox [x, y, w, h], but results[0] has one: give every result a bbox, or none`,
        );
      if (this.wantMasks && !d.mask) throw new InvalidResultsError(`results[${d.index}] has no segmentation to evaluate masks on`);
    } else if (!d.mask)
      throw new InvalidResultsError(`results[${d.index}] has no segmentation, but results[0] has one: give every result a segmentation`);
    const image = this.imageIndexById.get(d.imageId);
    if (image === undefined) throw new InvalidResultsError(`results[${d.index}].image_id ${d.imageId} is not an image of the ground truth`);
    this.writers[this.shardOfImage[image]].write(d);
  }

  /** Flushes and closes the files; returns them with their detection counts and sizes. */
  finish(): ShardFiles {
    for (const w of this.writers) w.flush();
    this.close();
    return { paths: this.paths, counts: this.writers.map((w) => w.count), bytes: this.writers.map((w) => w.bytes) };
  }

  close(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
  }
}

/** Reads a shard file back into a ResultTable (counts in memory up to `countsMemoryBytes`, then spilled). */
export function readShardTable(
  file: string,
  options: { firstHasBbox: boolean; keepMaskBoxes: boolean; spillDir: string; countsMemoryBytes?: number; capacity?: number },
): ReadTable {
  const store = new CountsStore({ memoryBytes: options.countsMemoryBytes ?? 128 * 1024 * 1024, spillDir: options.spillDir });
  const builder = new TableBuilder(store, { capacity: options.capacity ?? 1024, keepMaskBoxes: options.keepMaskBoxes });
  const fd = openSync(file, "r");
  const bbox = new Float64Array(4);
  const box = new Float64Array(4);
  const counts = { buf: new Uint8Array(0), start: 0, end: 0, escaped: false };
  const d: ReadDetection = { index: 0, imageId: 0, categoryId: 0, score: 0, bbox: null, mask: null };
  let buf = Buffer.allocUnsafe(4 * BUFFER_BYTES);
  let have = 0;
  let fileAt = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, have, buf.length - have, fileAt);
      fileAt += n;
      have += n;
      let at = 0;
      while (have - at >= FIXED) {
        const countsLength = buf.readUInt32LE(at + FIXED - 4);
        if (have - at < FIXED + countsLength) break;
        d.imageId = buf.readDoubleLE(at);
        d.categoryId = buf.readDoubleLE(at + 8);
        d.score = buf.readDoubleLE(at + 16);
        const flags = buf[at + 24];
        for (let k = 0; k < 4; k++) bbox[k] = buf.readDoubleLE(at + 25 + 8 * k);
        d.bbox = flags & HAS_BBOX ? bbox : null;
        if (flags & HAS_MASK) {
          for (let k = 0; k < 4; k++) box[k] = buf.readDoubleLE(at + 73 + 8 * k);
          counts.buf = buf;
          counts.start = at + FIXED;
          counts.end = at + FIXED + countsLength;
          d.mask = { h: buf.readInt32LE(at + 57), w: buf.readInt32LE(at + 61), area: buf.readDoubleLE(at + 65), box, counts };
        } else d.mask = null;
        builder.add(d);
        d.index++;
        at += FIXED + countsLength;
      }
      if (n === 0) {
        if (at !== have) throw new Error(`shard file ${file} ends inside a record`);
        break;
      }
      buf.copy(buf, 0, at, have);
      have -= at;
      if (have >= FIXED && FIXED + buf.readUInt32LE(FIXED - 4) > buf.length) {
        const grown = Buffer.allocUnsafe(2 * (FIXED + buf.readUInt32LE(FIXED - 4)));
        buf.copy(grown, 0, 0, have);
        buf = grown;
      }
    }
    return builder.table(options.firstHasBbox, d.index);
  } catch (e) {
    store.dispose();
    throw e;
  } finally {
    closeSync(fd);
  }
}
