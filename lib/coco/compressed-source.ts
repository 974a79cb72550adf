import "server-only";
import fs from "node:fs";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import type yauzl from "yauzl";
import { CocoValidationError } from "./errors";

/** How far a compressed upload may expand before we refuse it (zip bombs). */
export const DEFAULT_MAX_EXPANDED_BYTES = 4 * 1024 ** 3;

export type SourceFormat = "json" | "gzip" | "zip";

export type ReadSourceOptions = {
  /** Refuse files whose decompressed content exceeds this many bytes. */
  maxExpandedBytes?: number;
  /**
   * Refuse compressed files that expand more than `ratio` times their own size (compression bombs:
   * a 200 KB gzip of 200 MB of `[0,0,...]`), though never below `floorBytes` of JSON.
   */
  expansion?: ExpansionCap;
  /** Fraction of the file consumed so far, in [0, 1]. */
  onProgress?: (fraction: number) => void;
};

export type ExpansionCap = { ratio: number; floorBytes: number };

const READ_CHUNK_BYTES = 1024 * 1024;

/** How many bytes of JSON a file of `fileBytes` may expand to under `maxExpandedBytes` and the expansion cap. */
export function expandedLimit(fileBytes: number, maxExpandedBytes: number, expansion?: ExpansionCap): number {
  if (!expansion) return maxExpandedBytes;
  return Math.min(maxExpandedBytes, Math.max(expansion.floorBytes, expansion.ratio * fileBytes));
}

/**
 * The expanded size a .gz file declares in its last 4 bytes (ISIZE: the size modulo 2^32 of its last
 * member, so never more than the true size): enough to refuse most bombs before inflating a byte.
 */
async function gzipDeclaredSize(path: string, fileBytes: number): Promise<number | null> {
  if (fileBytes < 18) return null;
  const handle = await fs.promises.open(path, "r");
  try {
    const tail = Buffer.alloc(4);
    const { bytesRead } = await handle.read(tail, 0, 4, fileBytes - 4);
    return bytesRead === 4 ? tail.readUInt32LE(0) : null;
  } finally {
    await handle.close();
  }
}

/** Detects the container by magic bytes, so a misnamed upload still opens. */
export async function detectFormat(path: string): Promise<SourceFormat> {
  const handle = await fs.promises.open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
    if (bytesRead >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return "zip";
    return "json";
  } finally {
    await handle.close();
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function tooLargeError(limit: number, fileBytes: number, ratio: number | null): CocoValidationError {
  if (ratio !== null) {
    return CocoValidationError.single(
      "too_large",
      `the ${formatBytes(fileBytes)} file expands to more than ${formatBytes(limit)} of JSON, over ${ratio} times its own size; results files do not compress that well (compression bombs do), so it is refused; upload the .json itself or a normally compressed .json.gz or .zip`,
    );
  }
  return CocoValidationError.single(
    "too_large",
    `the file expands to more than ${formatBytes(limit)} of JSON, which is over the limit; upload a smaller file (drop detections below a score threshold, or keep at most 100 per image)`,
  );
}

/**
 * Yields the JSON bytes of a .json, .json.gz or single-entry .zip file as Buffers, streaming
 * (nothing is held beyond one chunk), and stops with a clear error past `maxExpandedBytes`.
 */
export async function* readSourceChunks(path: string, options: ReadSourceOptions = {}): AsyncGenerator<Buffer> {
  const format = await detectFormat(path);
  const fileBytes = (await fs.promises.stat(path)).size;
  const absolute = options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  const limit = expandedLimit(fileBytes, absolute, options.expansion);
  const tooLarge = () => tooLargeError(limit, fileBytes, limit < absolute ? options.expansion!.ratio : null);
  if (format === "gzip" && ((await gzipDeclaredSize(path, fileBytes)) ?? 0) > limit) throw tooLarge();
  const opened = format === "zip" ? await openZipEntry(path, limit, tooLarge) : openFileStream(path, format);
  let expanded = 0;
  let lastReported = -1;
  try {
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > limit) throw tooLarge();
      if (options.onProgress) {
        const fraction = Math.min(1, opened.progress(expanded));
        if (fraction - lastReported >= 0.01) {
          lastReported = fraction;
          options.onProgress(fraction);
        }
      }
      yield chunk;
    }
  } catch (e) {
    if (e instanceof CocoValidationError) throw e;
    throw CocoValidationError.single(
      "bad_archive",
      `${opened.label} could not be read: ${(e as Error).message}; re-create the file and upload it again`,
    );
  } finally {
    opened.stream.destroy();
    opened.close?.();
  }
  options.onProgress?.(1);
}

type OpenedSource = { stream: Readable; label: string; progress: (expanded: number) => number; close?: () => void };

function openFileStream(path: string, format: "json" | "gzip"): OpenedSource {
  const size = fs.statSync(path).size || 1;
  const file = fs.createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  if (format === "json") return { stream: file, label: "the file", progress: (expanded) => expanded / size };
  const gunzip = zlib.createGunzip({ chunkSize: READ_CHUNK_BYTES });
  file.on("error", (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  return {
    stream: gunzip,
    label: "the .gz file (corrupt or truncated?)",
    progress: () => file.bytesRead / size,
    close: () => file.destroy(),
  };
}

function isJunkEntry(name: string): boolean {
  return name.endsWith("/") || name.startsWith("__MACOSX/") || name.split("/").pop()!.startsWith("._");
}

async function openZipEntry(path: string, limit: number, tooLarge: () => CocoValidationError): Promise<OpenedSource> {
  // Loaded on first use: most files are plain JSON, and every CLI run and thread would pay ~8 ms.
  const { default: unzip } = await import("yauzl");
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    unzip.open(path, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(badZip(err)) : resolve(z))),
  );
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!isJunkEntry(entry.fileName)) entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", resolve);
    zip.on("error", (e: Error) => reject(badZip(e)));
    zip.readEntry();
  });
  const jsonEntries = entries.filter((e) => e.fileName.toLowerCase().endsWith(".json"));
  if (jsonEntries.length !== 1) {
    zip.close();
    const listed =
      entries
        .slice(0, 10)
        .map((e) => e.fileName)
        .join(", ") || "nothing";
    throw CocoValidationError.single(
      "bad_archive",
      `a .zip upload must hold exactly one .json file, but this one holds ${jsonEntries.length} (${listed}); zip just the results file`,
    );
  }
  const entry = jsonEntries[0];
  if (entry.uncompressedSize > limit) {
    zip.close();
    throw tooLarge();
  }
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(badZip(err)) : resolve(s))),
  );
  const total = entry.uncompressedSize || 1;
  return { stream, label: `${entry.fileName} in the .zip file`, progress: (expanded) => expanded / total, close: () => zip.close() };
}

function badZip(e: Error): CocoValidationError {
  return CocoValidationError.single("bad_archive", `the .zip file could not be read: ${e.message}; re-create it and upload again`);
}
