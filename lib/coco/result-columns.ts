import "server-only";
import { canonicalRle, decodeCounts, encodeCounts, prepareRle, resultRle } from "@/lib/eval/mask";
import { locate } from "@/lib/eval/errors";
import { boxPolygon } from "@/lib/eval/load-results";
import type { ResultTable } from "@/lib/eval/result-table";
import type { CocoResult, CocoSegmentation } from "@/lib/eval";
import { readSourceChunks } from "./compressed-source";
import { CountsStore } from "./counts-store";
import { ByteDetection, decodeDetection } from "./detection-bytes";
import { CocoValidationError } from "./errors";
import { scanJsonArrayStream } from "./json-array-stream";
import { acceptsReadDetection, checkDetection, newScanState, type GroundTruthListing, type ParseResultsOptions } from "./results";

// A results file of any size, read into typed columns as it streams: no object per detection, no JS
// string per mask. Most detections are read straight from their bytes (detection-bytes.ts) and their
// compressed counts copied as bytes into a CountsStore (memory, then a spill file); the rest (polygons,
// uncompressed RLE, unusual JSON, invalid input) go through JSON.parse and checkDetection one by one,
// so errors and loadRes' rules stay those of parseResultsFile. Every mask is decoded once here to
// check it and measure it (area, box); the evaluation decodes again only masks that meet a GT.

/** One accepted detection as the reader hands it to a sink. */
export type ReadDetection = {
  index: number;
  imageId: number;
  categoryId: number;
  score: number;
  /** Own bbox (x, y, w, h), or null. */
  bbox: Float64Array | null;
  /** The mask (size, area, box, counts), or null without one. */
  mask: { h: number; w: number; area: number; box: Float64Array; counts: CountsSource } | null;
};

/** Where a mask's compressed counts are: bytes in the read buffer (escaped: `\\` per backslash), or a string. */
export type CountsSource = { buf: Uint8Array; start: number; end: number; escaped: boolean } | { text: string };

/** Receives detections in file order (lib/coco's in-memory table, or the shard writer of lib/sharding). */
export interface DetectionSink {
  add(d: ReadDetection): void;
}

export type ReadColumnsOptions = Omit<ParseResultsOptions, "gt"> & {
  gt: GroundTruthListing;
  /** The file's size: sizes the columns up front and scales onProgress. */
  byteSize?: number;
  onProgress?: (fraction: number) => void;
};

/** Reads `path` and hands each detection to `sink`; returns how many. Throws CocoValidationError like parseResultsFile. */
export async function readResultsInto(
  path: string,
  options: ReadColumnsOptions,
  sink: DetectionSink,
): Promise<{ count: number; firstHasBbox: boolean; readFromBytes: number }> {
  const state = newScanState({ ...options, gt: options.gt });
  const { problems } = state;
  const images = state.index!.images;
  const wantMasks = state.iouType !== "bbox";
  const read = new ByteDetection();
  const box = new Float64Array(4);
  const maskBox = new Float64Array(4);
  const out: ReadDetection = { index: 0, imageId: 0, categoryId: 0, score: 0, bbox: null, mask: null };
  const bytesCounts: { buf: Uint8Array; start: number; end: number; escaped: boolean } = {
    buf: new Uint8Array(0),
    start: 0,
    end: 0,
    escaped: false,
  };
  let i = 0;
  let fastCount = 0;

  const emitMask = (h: number, w: number, counts: CountsSource, decoded: { area: number; bbox: number[] }) => {
    maskBox[0] = decoded.bbox[0];
    maskBox[1] = decoded.bbox[1];
    maskBox[2] = decoded.bbox[2];
    maskBox[3] = decoded.bbox[3];
    out.mask = { h, w, area: decoded.area, box: maskBox, counts };
  };

  /** The fast path: true when element [start, end) was read and accepted. */
  const tryFast = (buf: Buffer, start: number, end: number): boolean => {
    if (!decodeDetection(buf, start, end, read)) return false;
    let measured: { area: number; bbox: number[] } | null = null;
    let merged = false;
    // loadRes' segm branch (results[0] has no bbox) reads area, and box when missing, from the mask.
    const segmBranch = i === 0 ? read.bboxLength !== 4 : !state.firstHasBbox;
    if ((wantMasks || segmBranch) && read.hasSegmentation) {
      const text = read.countsEscaped
        ? buf.toString("latin1", read.countsStart, read.countsEnd).replaceAll("\\\\", "\\")
        : buf.toString("latin1", read.countsStart, read.countsEnd);
      try {
        // Interior zero-length runs merged, as the evaluation decodes these bytes again (result-table.ts).
        const decoded = { h: read.height, w: read.width, counts: decodeCounts(text) };
        const canonical = canonicalRle(decoded);
        merged = canonical !== decoded;
        measured = prepareRle(canonical);
      } catch {
        measured = null; // invalid: checkDetection reports it
      }
    }
    if (!acceptsReadDetection(read, measured !== null, i, state)) return false;
    if (problems.total > 0) return true; // valid, but the file is refused anyway: keep nothing
    if (merged) state.tally.zeroRunMasks++;
    out.index = i;
    out.imageId = read.imageId;
    out.categoryId = read.categoryId;
    out.score = read.score;
    if (read.bboxLength === 4) {
      box.set(read.bbox);
      out.bbox = box;
    } else out.bbox = null;
    out.mask = null;
    if (measured) {
      bytesCounts.buf = buf;
      bytesCounts.start = read.countsStart;
      bytesCounts.end = read.countsEnd;
      bytesCounts.escaped = read.countsEscaped;
      emitMask(read.height, read.width, bytesCounts, measured);
    }
    sink.add(out);
    return true;
  };

  /** The slow path: JSON.parse'd detection i, checked, turned into loadRes' mask. */
  const slow = (det: unknown) => {
    const r = checkDetection(det, i, state);
    if (!r || problems.total > 0) return;
    addParsed(r);
  };

  const addParsed = (r: CocoResult) => {
    out.index = i;
    out.imageId = r.image_id;
    out.categoryId = r.category_id;
    out.score = r.score;
    const own = Array.isArray(r.bbox) && r.bbox.length === 4 ? r.bbox : null;
    if (own) {
      box.set(own);
      out.bbox = box;
    } else out.bbox = null;
    out.mask = null;
    // loadRes draws a bbox-branch result without segmentation as its box's polygon.
    const seg: CocoSegmentation | undefined = r.segmentation ?? (state.firstHasBbox && own ? boxPolygon(own) : undefined);
    const image = images.get(r.image_id);
    const needMask = wantMasks || !state.firstHasBbox; // bbox evaluation, segm branch: area (and box) from the mask
    if (seg !== undefined && image && needMask) {
      const where = `results[${i}].segmentation`;
      const mask = locate(where, () => {
        const { rle, merged } = resultRle(seg, image.height, image.width);
        const prepared = prepareRle(rle, where);
        if (merged) state.tally.zeroRunMasks++;
        return prepared;
      });
      emitMask(mask.h, mask.w, { text: encodeCounts(mask.counts) }, mask);
    }
    sink.add(out);
  };

  const chunks = readSourceChunks(path, options);
  for await (const scanned of scanJsonArrayStream(chunks, options.scanLimits)) {
    const { buf, starts, ends } = scanned;
    for (let k = 0; k < starts.length; k++, i++) {
      if (tryFast(buf, starts[k], ends[k])) {
        fastCount++;
        continue;
      }
      slow(scanned.parse(k, k + 1)[0]);
    }
    if (options.onProgress && options.byteSize) options.onProgress(Math.min(1, (scanned.base + buf.length) / options.byteSize));
  }
  if (i === 0) throw CocoValidationError.single("empty", "the results file is an empty array []; it must hold at least one detection");
  problems.throwIfAny("invalid_results", `The results file has ${problems.total} problem(s)`);
  return { count: i, firstHasBbox: state.firstHasBbox, readFromBytes: fastCount };
}

/** Growable typed columns. */
class Column<T extends Float64Array | Int32Array | Uint8Array | Uint32Array> {
  data: T;
  constructor(
    private readonly make: (n: number) => T,
    capacity: number,
    private readonly width = 1,
  ) {
    this.data = make(capacity * width);
  }
  ensure(n: number): void {
    if (n * this.width <= this.data.length) return;
    const grown = this.make(Math.max(n, Math.ceil((this.data.length / this.width) * 1.5)) * this.width);
    grown.set(this.data);
    this.data = grown;
  }
  view(n: number): T {
    return this.data.subarray(0, n * this.width) as T;
  }
}

/** The in-memory sink: a ResultTable whose counts live in a CountsStore. */
export class TableBuilder implements DetectionSink {
  count = 0;
  private readonly imageId: Column<Float64Array>;
  private readonly categoryId: Column<Float64Array>;
  private readonly score: Column<Float64Array>;
  private bbox: Column<Float64Array> | null = null;
  private hasBbox: Column<Uint8Array> | null = null;
  private readonly maskHeight: Column<Int32Array>;
  private readonly maskWidth: Column<Int32Array>;
  private readonly maskArea: Column<Float64Array>;
  private readonly maskBox: Column<Float64Array> | null;
  private readonly countsAt: Column<Float64Array>;
  private readonly countsLength: Column<Uint32Array>;

  constructor(
    readonly store: CountsStore,
    options: { capacity: number; keepMaskBoxes: boolean },
  ) {
    const c = Math.max(16, options.capacity);
    this.imageId = new Column((n) => new Float64Array(n), c);
    this.categoryId = new Column((n) => new Float64Array(n), c);
    this.score = new Column((n) => new Float64Array(n), c);
    this.maskHeight = new Column((n) => new Int32Array(n), c);
    this.maskWidth = new Column((n) => new Int32Array(n), c);
    this.maskArea = new Column((n) => new Float64Array(n), c);
    this.maskBox = options.keepMaskBoxes ? new Column((n) => new Float64Array(n), c, 4) : null;
    this.countsAt = new Column((n) => new Float64Array(n), c);
    this.countsLength = new Column((n) => new Uint32Array(n), c);
  }

  add(d: ReadDetection): void {
    const i = this.count++;
    const n = this.count;
    for (const col of [
      this.imageId,
      this.categoryId,
      this.score,
      this.maskHeight,
      this.maskWidth,
      this.maskArea,
      this.countsAt,
      this.countsLength,
    ])
      col.ensure(n);
    this.imageId.data[i] = d.imageId;
    this.categoryId.data[i] = d.categoryId;
    this.score.data[i] = d.score;
    if (d.bbox) {
      if (!this.bbox) {
        this.bbox = new Column((m) => new Float64Array(m), this.imageId.data.length, 4);
        this.hasBbox = new Column((m) => new Uint8Array(m), this.imageId.data.length);
      }
    }
    if (this.bbox) {
      this.bbox.ensure(n);
      this.hasBbox!.ensure(n);
      if (d.bbox) {
        this.bbox.data.set(d.bbox, 4 * i);
        this.hasBbox!.data[i] = 1;
      }
    }
    const m = d.mask;
    if (!m) {
      this.maskHeight.data[i] = -1;
      this.maskWidth.data[i] = -1;
      this.maskArea.data[i] = NaN;
      return;
    }
    this.maskHeight.data[i] = m.h;
    this.maskWidth.data[i] = m.w;
    this.maskArea.data[i] = m.area;
    if (this.maskBox) {
      this.maskBox.ensure(n);
      this.maskBox.data.set(m.box, 4 * i);
    }
    const before = this.store.size;
    const counts = m.counts;
    if ("text" in counts) {
      const bytes = Buffer.from(counts.text, "latin1");
      this.store.append(bytes, 0, bytes.length);
    } else this.store.append(counts.buf, counts.start, counts.end, counts.escaped);
    this.countsAt.data[i] = before;
    this.countsLength.data[i] = this.store.size - before;
  }

  /** The finished table (the builder must not be used afterwards). */
  table(firstHasBbox: boolean, readFromBytes: number): ReadTable {
    const n = this.count;
    this.store.finish();
    const store = this.store;
    const countsAt = this.countsAt.view(n),
      countsLength = this.countsLength.view(n);
    return {
      count: n,
      imageId: this.imageId.view(n),
      categoryId: this.categoryId.view(n),
      score: this.score.view(n),
      firstHasBbox,
      bbox: this.bbox ? this.bbox.view(n) : null,
      hasBbox: this.hasBbox ? this.hasBbox.view(n) : null,
      maskHeight: this.maskHeight.view(n),
      maskWidth: this.maskWidth.view(n),
      maskArea: this.maskArea.view(n),
      maskBox: this.maskBox ? this.maskBox.view(n) : null,
      counts: (i) => store.text(countsAt[i], countsLength[i]),
      readFromBytes,
      spilled: store.spilled,
      dispose: () => store.dispose(),
    };
  }
}

export type ReadTableOptions = ReadColumnsOptions & {
  /** Counts kept in memory up to this many bytes, the rest in a spill file in `spillDir`. */
  countsMemoryBytes?: number;
  /** Size of the in-memory blocks (default 4 MiB; tests make it small to exercise the spill file). */
  countsBlockBytes?: number;
  spillDir: string;
};

/**
 * Reads a results file into a ResultTable (evaluate/evaluateSplits take it in place of CocoResult[]).
 * Call dispose() when done: it deletes the spill file.
 */
/** A table read from a file: how many detections took the fast path, whether counts spilled to disk. */
export type ReadTable = ResultTable & { readFromBytes: number; spilled: boolean; dispose(): void };

export async function readResultTable(path: string, options: ReadTableOptions): Promise<ReadTable> {
  const store = new CountsStore({
    memoryBytes: options.countsMemoryBytes ?? 256 * 1024 * 1024,
    spillDir: options.spillDir,
    blockBytes: options.countsBlockBytes,
  });
  // ~230 bytes per detection in typical files; the columns grow past this if needed.
  const capacity = options.byteSize ? Math.ceil(options.byteSize / 230) : 1024;
  const builder = new TableBuilder(store, { capacity, keepMaskBoxes: options.iouType === "bbox" });
  try {
    const { firstHasBbox, readFromBytes } = await readResultsInto(path, options, builder);
    return builder.table(firstHasBbox, readFromBytes);
  } catch (e) {
    store.dispose();
    throw e;
  }
}
