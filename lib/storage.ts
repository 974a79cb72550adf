import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { lstat, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getObjectStore, isContentKey } from "@/lib/object-store";

// Content-addressed files: a file's key is the sha256 of its bytes, so identical uploads are stored
// once and a key can never point at changed content. Bytes stream to a temp file under DATA_DIR
// (hashed on the way), then move into the configured object store (lib/object-store: DATA_DIR
// itself, or an S3-compatible bucket), which makes them visible atomically.

export type StoredFile = {
  key: string;
  sha256: string;
  byteSize: number;
  /** A local copy to read right away (the stored file itself on a local store, a cached copy on S3). */
  path: string;
};

export class FileTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super({
      status: 413,
      code: "file_too_large",
      message: `The file is larger than the limit of ${maxBytes} bytes (${formatBytes(maxBytes)}). Upload a smaller file or compress it.`,
      details: { maxBytes },
    });
  }
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`"${key.slice(0, 80)}" is not a storage key (expected 64 lowercase hex characters, a sha256).`);
    this.name = "InvalidStorageKeyError";
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function tmpDir(): string {
  return path.join(env.DATA_DIR, "tmp");
}

/**
 * Files in DATA_DIR/tmp untouched for this long are leftovers (a process killed mid-upload or
 * mid-evaluation): an upload in progress writes to its .part file all the time, and a worker's spill
 * files live no longer than one evaluation (EVAL_JOB_TIMEOUT_MS).
 */
export function tempFileMaxAgeMs(): number {
  return Math.max(60 * 60_000, env.EVAL_JOB_TIMEOUT_MS + 10 * 60_000);
}

/** Deletes what DATA_DIR/tmp holds that is older than `maxAgeMs` (by modification time). Returns the names removed. */
export async function sweepTempFiles(maxAgeMs = tempFileMaxAgeMs(), now = Date.now()): Promise<string[]> {
  const names = await readdir(tmpDir()).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const entry = path.join(tmpDir(), name);
    const info = await lstat(entry).catch(() => null);
    if (!info || now - info.mtimeMs < maxAgeMs) continue;
    await rm(entry, { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

const globalForSweeper = globalThis as unknown as { maskboardTempSweeper?: () => void };

/** startTempFileSweeper, once per process (the web server starts it with its first upload). */
export function ensureTempFileSweeper(): void {
  globalForSweeper.maskboardTempSweeper ??= startTempFileSweeper();
}

/** sweepTempFiles now and every `intervalMs` (a web or worker process); returns a function that stops it. */
export function startTempFileSweeper(intervalMs = 10 * 60_000): () => void {
  const sweep = () =>
    void sweepTempFiles().then(
      (removed) => removed.length && console.log(`removed ${removed.length} stale temp file(s) from ${tmpDir()}`),
      (err: Error) => console.error(`temp file sweep failed: ${err.message}`),
    );
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  sweep();
  return () => clearInterval(timer);
}

export function isStorageKey(key: string): boolean {
  return isContentKey(key);
}

function checkKey(key: string): string {
  if (!isContentKey(key)) throw new InvalidStorageKeyError(key);
  return key;
}

/** A local file holding the stored bytes of `key` (for parsers that read files). Throws for anything that is not a key. */
export async function localPathForKey(key: string): Promise<string> {
  return getObjectStore().localPath(checkKey(key));
}

export async function hasKey(key: string): Promise<boolean> {
  return (await getObjectStore().size(checkKey(key))) !== null;
}

/** Streams `readable` to the store, hashing as it goes. Rejects with FileTooLargeError past maxBytes. */
export async function storeStream(
  readable: Readable | AsyncIterable<Uint8Array>,
  options: { maxBytes?: number } = {},
): Promise<StoredFile> {
  await mkdir(tmpDir(), { recursive: true }).catch((err: unknown) => {
    // EEXIST from a recursive mkdir: a file stands where the upload folder should be. Storage cannot
    // be written, as with ENOTDIR below it: say so (503 storage_unwritable), not as a bug.
    const code = (err as { code?: unknown }).code === "EEXIST" ? "ENOTDIR" : (err as { code?: unknown }).code;
    throw Object.assign(new Error(`cannot create the upload folder ${tmpDir()}`, { cause: err }), { code });
  });
  const tmpPath = path.join(tmpDir(), `${randomUUID()}.part`);
  const hash = createHash("sha256");
  let byteSize = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      byteSize += chunk.length;
      if (options.maxBytes !== undefined && byteSize > options.maxBytes) {
        callback(new FileTooLargeError(options.maxBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(readable, meter, createWriteStream(tmpPath, { flags: "wx" }));
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  }
  const sha256 = hash.digest("hex");
  const store = getObjectStore();
  try {
    await store.putFile(sha256, tmpPath);
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  }
  return { key: sha256, sha256, byteSize, path: await store.localPath(sha256) };
}

export async function storeBuffer(data: Uint8Array | string, options: { maxBytes?: number } = {}): Promise<StoredFile> {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  return storeStream(
    (async function* () {
      yield bytes;
    })(),
    options,
  );
}

export function openReadStream(key: string): Promise<Readable> {
  return getObjectStore().openRead(checkKey(key));
}
