// One interface test suite, run against both stores: the local disk (DATA_DIR) and an S3-compatible
// bucket on a real local S3 server (s3rver, over HTTP). Whatever lib/ does with a store, it does
// through these operations.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { InvalidObjectKeyError, LocalDiskStore, ObjectNotFoundError, S3Store, readObject, type ObjectStore } from "@/lib/object-store";
import { startLocalS3, type LocalS3 } from "@/scripts/lib/s3-server";

let root: string;
let s3: LocalS3;
const stores: Record<string, ObjectStore> = {};

beforeAll(async () => {
  await mkdir(env.DATA_DIR, { recursive: true });
  root = await mkdtemp(path.join(env.DATA_DIR, "object-store-"));
  s3 = await startLocalS3(path.join(root, "s3rver"));
  stores.local = new LocalDiskStore(path.join(root, "local"));
  stores.s3 = new S3Store({
    bucket: s3.bucket,
    prefix: "run/",
    cacheDir: path.join(root, "s3-cache"),
    cacheMaxBytes: 64 * 1024,
    client: {
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    },
  });
});

afterAll(async () => {
  await s3?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function tempFile(content: Buffer): Promise<string> {
  const file = path.join(root, `upload-${randomBytes(6).toString("hex")}`);
  await writeFile(file, content);
  return file;
}

describe.each(["local", "s3"])("ObjectStore (%s)", (kind) => {
  const store = () => stores[kind];

  it("puts a file, consuming it, and reads it back whole, by range and as a local file", async () => {
    const content = randomBytes(100_000);
    const file = await tempFile(content);
    const key = `shards/sub-${kind}/0.bin`;
    await store().putFile(key, file);
    await expect(stat(file)).rejects.toThrow(); // consumed
    expect(await store().size(key)).toBe(content.length);
    expect((await readObject(store(), key)).equals(content)).toBe(true);
    expect((await buffer(await store().openRead(key, { start: 10, end: 19 }))).equals(content.subarray(10, 20))).toBe(true);
    expect((await readFile(await store().localPath(key))).equals(content)).toBe(true);
  });

  it("stores a sha256 key under objects/ab/cd/ and lists a prefix", async () => {
    const sha = randomBytes(32).toString("hex");
    await store().putFile(sha, await tempFile(Buffer.from("content")));
    expect(await store().size(sha)).toBe(7);
    for (const n of [0, 1, 2]) await store().putFile(`shards/list-${kind}/${n}.bin`, await tempFile(Buffer.from([n])));
    expect((await store().list(`shards/list-${kind}`)).sort()).toEqual([0, 1, 2].map((n) => `shards/list-${kind}/${n}.bin`));
    expect(await store().list(`shards/none-${kind}`)).toEqual([]);
  });

  it("answers null / ObjectNotFoundError for a missing object, and deletes", async () => {
    const key = `shards/missing-${kind}/x.bin`;
    expect(await store().size(key)).toBeNull();
    await expect(store().openRead(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store().localPath(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store().putFile(key, await tempFile(Buffer.from("x")));
    await store().delete(key);
    expect(await store().size(key)).toBeNull();
    await store().delete(key); // absent: fine
  });

  it("refuses keys that could escape the store", async () => {
    for (const bad of ["../etc/passwd", "/abs", "a/../../b", "A".repeat(64), "objects/x", "a//b", ""])
      await expect(store().size(bad)).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it("replaces an object by the same bytes atomically (content-addressed writers race)", async () => {
    const key = `shards/race-${kind}/same.bin`;
    const content = randomBytes(50_000);
    await Promise.all([1, 2, 3].map(async () => store().putFile(key, await tempFile(content))));
    expect((await readObject(store(), key)).equals(content)).toBe(true);
  });
});

describe("S3Store", () => {
  it("uploads a file larger than one part (multipart) and downloads it to its cache", async () => {
    const content = randomBytes(17 * 1024 * 1024); // > the 16 MiB part size: two parts
    const key = "shards/multipart/big.bin";
    await stores.s3.putFile(key, await tempFile(content));
    const cached = path.join(root, "s3-cache", key);
    await rm(cached); // force a download
    const local = await stores.s3.localPath(key);
    expect(local).toBe(cached);
    expect((await readFile(local)).equals(content)).toBe(true);
  });

  it("keeps its cache under the cap, evicting the least recently used copies", async () => {
    for (let n = 0; n < 5; n++) await stores.s3.putFile(`shards/evict/${n}.bin`, await tempFile(randomBytes(30 * 1024)));
    const left = await readdir(path.join(root, "s3-cache", "shards", "evict"));
    expect(left.length).toBeLessThanOrEqual(2);
    expect(left).toContain("4.bin");
    // An evicted copy is downloaded again on demand.
    expect((await readFile(await stores.s3.localPath("shards/evict/0.bin"))).length).toBe(30 * 1024);
  });
});
