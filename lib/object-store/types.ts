import type { Readable } from "node:stream";

/**
 * Where uploaded files, ground truths and shard files live. Two implementations: a folder on a
 * disk every process shares (`local`, the default) and an S3-compatible bucket (`s3`: AWS S3,
 * MinIO, Ceph, R2...) for deployments whose web and worker machines share no disk.
 *
 * Keys are relative paths of lowercase letters, digits and `/ _ . -` (no `..`, no leading `/`);
 * a sha256 (64 hex characters) is stored as `objects/ab/cd/<sha>`, as before this interface.
 * Objects are written once and never changed under a key, so any copy of one is always valid.
 */
export interface ObjectStore {
  readonly kind: "local" | "s3";
  /** Moves a finished local file into the store under `key` (the file is consumed). Atomic: readers see all of it or nothing. */
  putFile(key: string, localPath: string): Promise<void>;
  /** Byte size of the object, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** When the object was last written (a re-upload of the same content renews it), or null when there is none. */
  modifiedAt(key: string): Promise<Date | null>;
  /** Reads the object, or bytes start..end (inclusive, as HTTP ranges). Rejects with ObjectNotFoundError. */
  openRead(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /**
   * A local file with the object's bytes, for readers that need one (random access, worker
   * threads): the object itself on a local store, a cached download on S3.
   */
  localPath(key: string): Promise<string>;
  /** Removes the object (and any local copy); absent objects are fine. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix (e.g. every shard file of a submission), in no particular order. */
  list(prefix: string): Promise<string[]>;
}

export class ObjectNotFoundError extends Error {
  readonly code = "object_not_found";
  constructor(readonly key: string) {
    super(`The stored file "${key}" does not exist (was it deleted, or written to another storage?).`);
    this.name = "ObjectNotFoundError";
  }
}

export class InvalidObjectKeyError extends Error {
  constructor(key: string) {
    super(`"${key.slice(0, 80)}" is not a storage key (a relative path of a-z 0-9 / _ . -, or a sha256).`);
    this.name = "InvalidObjectKeyError";
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const KEY = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

export function isContentKey(key: string): boolean {
  return SHA256.test(key);
}

/** The key's path inside the store: `objects/ab/cd/<sha>` for a sha256, the key itself otherwise. */
export function objectPath(key: string): string {
  if (SHA256.test(key)) return `objects/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === "..") || key.startsWith("objects/"))
    throw new InvalidObjectKeyError(key);
  return key;
}
