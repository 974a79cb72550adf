import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "@/lib/config";

// Content-addressed file store under DATA_DIR: a file's key is the sha256 of its bytes, so
// identical uploads are stored once and a key can never point at changed content. Several web and
// worker processes may share DATA_DIR (same filesystem): writes go to a temp file first and are
// renamed into place atomically.

export type StoredFile = { key: string; sha256: string; byteSize: number; path: string };

export class FileTooLargeError extends Error {
  readonly code = "FILE_TOO_LARGE";
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes (${formatBytes(maxBytes)}). Upload a smaller file or compress it.`);
    this.name = "FileTooLargeError";
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

const KEY_PATTERN = /^[0-9a-f]{64}$/;

function objectsDir(): string {
  return path.join(env.DATA_DIR, "objects");
}

function tmpDir(): string {
  return path.join(env.DATA_DIR, "tmp");
}

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Where the file for `key` lives (it may not exist). Throws for anything that is not a key. */
export function pathForKey(key: string): string {
  if (!isStorageKey(key)) throw new InvalidStorageKeyError(key);
  return path.join(objectsDir(), key.slice(0, 2), key.slice(2, 4), key);
}

export async function hasKey(key: string): Promise<boolean> {
  return stat(pathForKey(key)).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Streams `readable` to the store, hashing as it goes. Rejects with FileTooLargeError past maxBytes. */
export async function storeStream(
  readable: Readable | AsyncIterable<Uint8Array>,
  options: { maxBytes?: number } = {},
): Promise<StoredFile> {
  await mkdir(tmpDir(), { recursive: true });
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
  const finalPath = pathForKey(sha256);
  await mkdir(path.dirname(finalPath), { recursive: true });
  // Same content already stored (possibly by another process): rename over it is harmless and atomic.
  await rename(tmpPath, finalPath);
  return { key: sha256, sha256, byteSize, path: finalPath };
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

export function openReadStream(key: string): ReadStream {
  return createReadStream(pathForKey(key));
}
