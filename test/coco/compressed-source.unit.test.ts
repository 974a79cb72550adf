import { describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { detectFormat, readJsonMaybeCompressed, readSourceChunks } from "@/lib/coco";
import { CocoValidationError } from "@/lib/coco/errors";
import { writeGzip, writeTemp, writeZip } from "./temp-files";

const doc = { images: [{ id: 1, width: 4, height: 3 }], note: "é" };
const text = JSON.stringify(doc);

async function readAll(path: string, maxExpandedBytes?: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of readSourceChunks(path, { maxExpandedBytes })) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

async function rejection(promise: Promise<unknown>): Promise<CocoValidationError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CocoValidationError);
  return err as CocoValidationError;
}

describe("compressed sources", () => {
  it("reads .json, .json.gz and single-entry .zip files, detected by magic bytes", async () => {
    const plain = writeTemp("gt.json", text);
    const gz = writeGzip("gt.json", text); // misnamed: really gzip
    const zip = writeZip("gt.zip", [
      { name: "folder/", content: "" },
      { name: "__MACOSX/._gt.json", content: "junk" },
      { name: "folder/gt.json", content: text },
    ]);
    expect(await detectFormat(plain)).toBe("json");
    expect(await detectFormat(gz)).toBe("gzip");
    expect(await detectFormat(zip)).toBe("zip");
    for (const file of [plain, gz, zip]) expect(await readJsonMaybeCompressed(file)).toEqual(doc);
  });

  it("refuses a zip with no or several .json files, naming what it holds", async () => {
    const none = await rejection(readAll(writeZip("x.zip", [{ name: "readme.txt", content: "hi" }])));
    expect(none.code).toBe("bad_archive");
    expect(none.message).toMatch(/exactly one \.json file, but this one holds 0 \(readme\.txt\)/);
    const two = await rejection(
      readAll(
        writeZip("x.zip", [
          { name: "a.json", content: "[]" },
          { name: "b.json", content: "[]" },
        ]),
      ),
    );
    expect(two.message).toMatch(/holds 2 \(a\.json, b\.json\)/);
  });

  it("stops a gzip or zip bomb at the expansion cap instead of running out of memory", async () => {
    const huge = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const gz = await rejection(readAll(writeGzip("bomb.json.gz", huge), 1024 * 1024));
    expect(gz.code).toBe("too_large");
    expect(gz.message).toMatch(/expands to more than 1\.0 MiB/);
    const zip = await rejection(readAll(writeZip("bomb.zip", [{ name: "r.json", content: huge }]), 1024 * 1024));
    expect(zip.code).toBe("too_large");
    // A header that understates the size is caught by the streamed byte count.
    const lying = await rejection(readAll(writeZip("liar.zip", [{ name: "r.json", content: huge, declaredSize: 10 }]), 1024 * 1024));
    expect(["too_large", "bad_archive"]).toContain(lying.code);
  });

  it("reports corrupt archives and non-JSON content clearly", async () => {
    const truncated = writeTemp("cut.json.gz", (await import("node:zlib")).gzipSync(text).subarray(0, 20));
    expect((await rejection(readAll(truncated))).code).toBe("bad_archive");
    const broken = await rejection(readJsonMaybeCompressed(writeTemp("bad.json", '{"images": [1, 2,, 3]}')));
    expect(broken.message).toBe('the file is not valid JSON at byte 17: unexpected ","');
    expect((await rejection(readJsonMaybeCompressed(writeTemp("empty.json", "")))).code).toBe("empty");
  });
});

describe("compressed sources: expansion cap (issue 11, compression bombs)", () => {
  const expansion = { ratio: 50, floorBytes: 64 * 1024 };
  const zeros = (n: number) => `[${"0,".repeat(n / 2)}0]`;

  it("refuses a gzip whose declared size is over the ratio before inflating it", async () => {
    const bomb = writeGzip("bomb.json.gz", zeros(4 * 1024 * 1024));
    const chunks: Buffer[] = [];
    const e = await rejection(
      (async () => {
        for await (const c of readSourceChunks(bomb, { expansion })) chunks.push(c);
      })(),
    );
    expect(chunks).toHaveLength(0);
    expect(e).toMatchObject({ code: "too_large", message: expect.stringMatching(/over 50 times its own size/) });
  });

  it("refuses a gzip that lies about its size (a tiny last member) while inflating, past the ratio", async () => {
    const lying = writeTemp("lying.json.gz", Buffer.concat([zlib.gzipSync(zeros(4 * 1024 * 1024)), zlib.gzipSync(" ")]));
    const e = await rejection(readAll(lying).then(() => readAllWith(lying, { expansion })));
    expect(e).toMatchObject({ code: "too_large" });
  });

  it("refuses a zip entry declaring more than the ratio allows", async () => {
    const zip = writeZip("bomb.zip", [{ name: "r.json", content: zeros(4 * 1024 * 1024) }]);
    expect(await rejection(readAllWith(zip, { expansion }))).toMatchObject({ code: "too_large" });
  });

  it("reads normally compressed files and small files of any ratio", async () => {
    expect(await readAllWith(writeGzip("ok.json.gz", text), { expansion })).toBe(text);
    expect((await readAllWith(writeGzip("small.json.gz", zeros(32 * 1024)), { expansion })).length).toBe(32 * 1024 + 3);
  });
});

async function readAllWith(path: string, options: Parameters<typeof readSourceChunks>[1]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of readSourceChunks(path, options)) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}
