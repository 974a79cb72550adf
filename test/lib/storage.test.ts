import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { FileTooLargeError, InvalidStorageKeyError, hasKey, openReadStream, pathForKey, storeBuffer, storeStream } from "@/lib/storage";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("lib/storage", () => {
  it("stores a stream under its sha256 and reads it back", async () => {
    const content = `stream-${Math.random()}\n`.repeat(1000);
    const chunks = content.match(/[\s\S]{1,777}/g)!;
    const stored = await storeStream(Readable.from(chunks.map((c) => Buffer.from(c))));
    expect(stored.key).toBe(sha(content));
    expect(stored.sha256).toBe(stored.key);
    expect(stored.byteSize).toBe(Buffer.byteLength(content));
    expect(stored.path).toBe(pathForKey(stored.key));
    expect(stored.path.startsWith(env.DATA_DIR)).toBe(true);
    expect(await readFile(stored.path, "utf8")).toBe(content);
    expect(await text(openReadStream(stored.key))).toBe(content);
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

  it("refuses anything but a sha256 as a key (no path traversal)", () => {
    expect(() => pathForKey("../../etc/passwd")).toThrow(InvalidStorageKeyError);
    expect(() => pathForKey("A".repeat(64))).toThrow(/64 lowercase hex/);
  });
});
