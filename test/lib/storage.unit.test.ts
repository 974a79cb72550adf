import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { S3Store, setObjectStore, type ObjectStore } from "@/lib/object-store";
import { startLocalS3, type LocalS3 } from "@/scripts/lib/s3-server";
import {
  FileTooLargeError,
  InvalidStorageKeyError,
  hasKey,
  localPathForKey,
  openReadStream,
  storeBuffer,
  storeStream,
} from "@/lib/storage";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("lib/storage", () => {
  it("stores a stream under its sha256 and reads it back", async () => {
    const content = `stream-${Math.random()}\n`.repeat(1000);
    const chunks = content.match(/[\s\S]{1,777}/g)!;
    const stored = await storeStream(Readable.from(chunks.map((c) => Buffer.from(c))));
    expect(stored.key).toBe(sha(content));
    expect(stored.sha256).toBe(stored.key);
    expect(stored.byteSize).toBe(Buffer.byteLength(content));
    expect(stored.path).toBe(await localPathForKey(stored.key));
    expect(stored.path).toBe(path.join(env.DATA_DIR, "objects", stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key));
    expect(stored.path.startsWith(env.DATA_DIR)).toBe(true);
    expect(await readFile(stored.path, "utf8")).toBe(content);
    expect(await text(await openReadStream(stored.key))).toBe(content);
    expect(await hasKey(stored.key)).toBe(true);
  });

  it("deduplicates identical content, also when written concurrently", async () => {
    const content = `same-${Math.random()}`;
    const results = await Promise.all([storeBuffer(content), storeBuffer(content), storeBuffer(content)]);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(await readFile(results[0].path, "utf8")).toBe(content);
  });

  it("rejects content past maxBytes and leaves no temp file behind", async () => {
    const big = Buffer.alloc(10_000, 1);
    await expect(storeStream(Readable.from([big.subarray(0, 6000), big.subarray(6000)]), { maxBytes: 8000 })).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
    await expect(storeBuffer(big, { maxBytes: 9999 })).rejects.toThrow(/larger than the limit of 9999 bytes/);
    expect(await readdir(path.join(env.DATA_DIR, "tmp"))).toEqual([]);
    expect(await hasKey(createHash("sha256").update(big).digest("hex"))).toBe(false);
    expect((await storeBuffer(big, { maxBytes: 10_000 })).byteSize).toBe(10_000);
  });

  it("refuses anything but a sha256 as a key (no path traversal)", async () => {
    await expect(localPathForKey("../../etc/passwd")).rejects.toThrow(InvalidStorageKeyError);
    await expect(localPathForKey("A".repeat(64))).rejects.toThrow(/64 lowercase hex/);
  });
});

describe("lib/storage on an S3-compatible store (STORAGE_DRIVER=s3)", () => {
  let s3: LocalS3;
  let previous: ObjectStore;
  let cacheDir: string;

  beforeAll(async () => {
    await mkdir(env.DATA_DIR, { recursive: true });
    const dir = await mkdtemp(path.join(env.DATA_DIR, "s3rver-"));
    s3 = await startLocalS3(dir);
    cacheDir = path.join(env.DATA_DIR, "cache");
    previous = setObjectStore(
      new S3Store({
        bucket: s3.bucket,
        cacheDir,
        cacheMaxBytes: 1024 ** 3,
        client: {
          endpoint: s3.endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        },
      }),
    );
  });

  afterAll(async () => {
    if (previous) setObjectStore(previous);
    await s3?.stop();
  });

  it("uploads to the bucket, keeps a local copy to validate, and downloads it again when evicted", async () => {
    const content = `s3-${Math.random()}\n`.repeat(500);
    const stored = await storeBuffer(content);
    expect(stored.path.startsWith(cacheDir)).toBe(true);
    expect(await readFile(stored.path, "utf8")).toBe(content);
    expect(await hasKey(stored.key)).toBe(true);
    await rm(stored.path);
    expect(await readFile(await localPathForKey(stored.key), "utf8")).toBe(content);
    expect(await text(await openReadStream(stored.key))).toBe(content);
  });
});
