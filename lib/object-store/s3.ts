import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { ObjectNotFoundError, objectPath, type ObjectStore } from "./types";

export type S3StoreOptions = {
  bucket: string;
  /** Prepended to every object path, e.g. "maskboard/" to share a bucket. */
  prefix?: string;
  /** The client's settings: endpoint, region, credentials, forcePathStyle (MinIO and most S3-compatible servers). */
  client: S3ClientConfig;
  /** Local folder for downloaded copies (localPath) and for files on their way up. */
  cacheDir: string;
  /** The cache's size cap; least recently used copies are deleted past it. */
  cacheMaxBytes: number;
};

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e instanceof NoSuchKey || e instanceof NotFound || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
}

/**
 * Objects in an S3-compatible bucket: web and worker machines share nothing but the bucket.
 * Large files go up in parts (lib-storage's Upload: bounded memory, any size). Readers that need a
 * file (the worker's parsers) get a cached download, valid forever as objects never change.
 */
export class S3Store implements ObjectStore {
  readonly kind = "s3" as const;
  readonly client: S3Client;
  private readonly downloads = new Map<string, Promise<string>>();

  constructor(readonly options: S3StoreOptions) {
    this.client = new S3Client({
      // Older S3-compatible servers reject the CRC32 trailers the SDK sends by default since 3.729.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      ...options.client,
    });
  }

  private s3Key(key: string): string {
    return (this.options.prefix ?? "") + objectPath(key);
  }

  private cachePath(key: string): string {
    return path.join(this.options.cacheDir, objectPath(key));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const { size } = await stat(localPath);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.s3Key(key), Body: createReadStream(localPath), ContentLength: size },
      queueSize: 2,
      partSize: 16 * 1024 * 1024,
    });
    await upload.done();
    // The uploader's copy becomes the cached copy: the web process validates it right after.
    const cached = this.cachePath(key);
    await mkdir(path.dirname(cached), { recursive: true });
    await rename(localPath, cached);
    await this.trimCache(cached);
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.s3Key(key) }));
      return head.ContentLength ?? 0;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async modifiedAt(key: string): Promise<Date | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.s3Key(key) }));
      return head.LastModified ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async openRead(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const got = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.s3Key(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return got.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new ObjectNotFoundError(key);
      throw e;
    }
  }

  localPath(key: string): Promise<string> {
    const cached = this.cachePath(key);
    let pending = this.downloads.get(cached);
    if (!pending) {
      pending = this.download(key, cached).finally(() => this.downloads.delete(cached));
      this.downloads.set(cached, pending);
    }
    return pending;
  }

  private async download(key: string, cached: string): Promise<string> {
    const now = new Date();
    if (
      await stat(cached).then(
        (s) => s.isFile(),
        () => false,
      )
    ) {
      await utimes(cached, now, now).catch(() => undefined); // recently used: evicted last
      return cached;
    }
    await mkdir(path.dirname(cached), { recursive: true });
    const part = `${cached}.${randomUUID()}.part`;
    try {
      await pipeline(await this.openRead(key), createWriteStream(part, { flags: "wx" }));
      await rename(part, cached);
    } catch (e) {
      await rm(part, { force: true });
      throw e;
    }
    await this.trimCache(cached);
    return cached;
  }

  /** Deletes the least recently used cached copies until the cache fits its cap (never `keep`). */
  private async trimCache(keep: string): Promise<void> {
    const entries = await readdir(this.options.cacheDir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = await Promise.all(
      entries
        .filter((e) => e.isFile() && !e.name.endsWith(".part"))
        .map(async (e) => {
          const file = path.join(e.parentPath, e.name);
          const s = await stat(file).catch(() => null);
          return { file, size: s?.size ?? 0, used: s?.mtimeMs ?? 0 };
        }),
    );
    let total = files.reduce((sum, f) => sum + f.size, 0);
    for (const f of files.sort((a, b) => a.used - b.used)) {
      if (total <= this.options.cacheMaxBytes) break;
      if (f.file === keep) continue;
      await rm(f.file, { force: true });
      total -= f.size;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.s3Key(key) }));
    await rm(this.cachePath(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const keyPrefix = this.s3Key(prefix.replace(/\/+$/, "")) + "/";
    const strip = (this.options.prefix ?? "").length;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: keyPrefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
