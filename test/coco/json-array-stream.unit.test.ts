import { describe, expect, it } from "vitest";
import { parseJsonArrayStream, NON_FINITE_MARK } from "@/lib/coco/json-array-stream";
import { CocoValidationError } from "@/lib/coco/errors";

async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parseAll(text: string, chunkSize = 1 << 20): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of parseJsonArrayStream(chunked(text, chunkSize))) out.push(...batch);
  return out;
}

async function failure(text: string, chunkSize?: number): Promise<CocoValidationError> {
  try {
    await parseAll(text, chunkSize);
  } catch (e) {
    expect(e).toBeInstanceOf(CocoValidationError);
    return e as CocoValidationError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const tricky = [
  { counts: 'a\\"b\\\\', size: [2, 3] },
  { s: ']}[{,"' },
  "plain string",
  [1, [2, [3]]],
  42,
  -1.5e-3,
  true,
  null,
  { nested: { deeper: [{}, [], ""] } },
  { unicode: "é漢字🙂" },
];

describe("parseJsonArrayStream", () => {
  it("yields exactly what JSON.parse yields, whatever the chunk boundaries", async () => {
    const text = " \n[ " + tricky.map((v) => JSON.stringify(v)).join(" ,\n") + " ]\n ";
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      expect(await parseAll(text, size)).toEqual(JSON.parse(text));
    }
  });

  it("handles an empty array, a BOM and compact text", async () => {
    expect(await parseAll("[]")).toEqual([]);
    expect(await parseAll("\uFEFF[1,2]", 1)).toEqual([1, 2]);
    expect(await parseAll('[{"a":1},{"b":"\\\\"}]', 5)).toEqual([{ a: 1 }, { b: "\\" }]);
  });

  it("gives byte offsets for syntax errors", async () => {
    const text = '[{"a": 1}, {"a": 2,}]';
    const err = await failure(text, 4);
    expect(err.code).toBe("not_json");
    expect(err.message).toMatch(/at byte 19: /);
    expect(text[19]).toBe("}");
  });

  it("rejects structural mistakes with the place and the reason", async () => {
    expect((await failure("[1,,2]")).message).toBe(
      "the file is not valid JSON at byte 3: unexpected ',' (an empty element, or a ',' right after '[')",
    );
    expect((await failure("[1,2,]")).message).toMatch(/at byte 5: trailing ','/);
    expect((await failure('[{"a":1} {"a":2}]')).message).toMatch(/at byte 9: expected ',' or ']' after an element/);
    expect((await failure('[{"a":1}] x')).message).toMatch(/at byte 10: unexpected "x" after the end of the top-level array/);
    expect((await failure('[{"a":1}, {"a":')).message).toMatch(/ends inside the top-level array \(truncated upload\?\)/);
  });

  it("explains a wrong top level", async () => {
    const obj = await failure('{"annotations": []}');
    expect(obj.code).toBe("not_array");
    expect(obj.message).toMatch(/top level of the file is a JSON object/);
    const empty = await failure("  ");
    expect(empty.code).toBe("empty");
    expect((await failure("42")).message).toMatch(/must be a JSON array .* but it starts with "4"/);
  });

  it("keeps Python's NaN/Infinity as markers so validation can name the field", async () => {
    const [a, b] = (await parseAll('[{"score": NaN, "s": "NaN"}, {"bbox": [1, -Infinity, Infinity, 2]}]', 3)) as Record<string, unknown>[];
    expect(a).toEqual({ score: `${NON_FINITE_MARK}NaN`, s: "NaN" });
    expect(b.bbox).toEqual([1, `${NON_FINITE_MARK}-Infinity`, `${NON_FINITE_MARK}Infinity`, 2]);
  });
});

describe("parseJsonArrayStream on elements larger than a chunk", () => {
  it("reassembles an element spread over many chunks, with small ones around it", async () => {
    const big = { segmentation: [Array.from({ length: 50_000 }, (_, k) => k % 640)], note: 'x\\"'.repeat(1000) };
    const text = JSON.stringify([{ a: 1 }, big, { b: 2 }, big, "tail"]);
    for (const size of [997, 4096, 65_536]) expect(await parseAll(text, size)).toEqual(JSON.parse(text));
  });
});

describe("parseJsonArrayStream in batches", () => {
  it("parses many elements, long strings with escapes and brackets inside, across batch and chunk edges", async () => {
    const elements = Array.from({ length: 3000 }, (_, k) => ({
      image_id: k,
      segmentation: { size: [480, 640], counts: `${"a".repeat(k % 97)}\\"]}[{${"\\\\".repeat(k % 3)}"`.repeat(1 + (k % 5)) },
      tag: k % 7 === 0 ? "é漢字🙂" : "",
    }));
    const text = "[\n" + elements.map((e) => JSON.stringify(e)).join(",\n") + "\n]";
    for (const size of [1000, 65_536, 1 << 20]) expect(await parseAll(text, size)).toEqual(elements);
  });

  it("leaves the bytes it reads unchanged", async () => {
    const bytes = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, k) => ({ id: k, s: "x".repeat(k % 50) }))));
    const copy = Buffer.from(bytes);
    async function* whole() {
      yield bytes;
    }
    let count = 0;
    for await (const batch of parseJsonArrayStream(whole())) count += batch.length;
    expect(count).toBe(2000);
    expect(bytes.equals(copy)).toBe(true);
  });
});

describe("parseJsonArrayStream limits (issue 11: one huge token is refused at once)", () => {
  async function limited(text: string, chunkSize: number, limits: Parameters<typeof parseJsonArrayStream>[1]): Promise<unknown> {
    const out: unknown[] = [];
    try {
      for await (const batch of parseJsonArrayStream(chunked(text, chunkSize), limits)) out.push(...batch);
      return out;
    } catch (e) {
      return e;
    }
  }

  it("refuses a string longer than maxTokenBytes, at the top level or inside an element, in one chunk or many", async () => {
    for (const chunk of [7, 1 << 20]) {
      const top = await limited(`[1, "${"a".repeat(200)}"]`, chunk, { maxTokenBytes: 100 });
      expect(top).toMatchObject({ code: "token_too_long", message: expect.stringMatching(/string longer than 0 KiB starting at byte 4/) });
      const nested = await limited(`[{"counts": "${"a".repeat(200)}"}]`, chunk, { maxTokenBytes: 100 });
      expect(nested).toMatchObject({ code: "token_too_long", message: expect.stringMatching(/starting at byte 12/) });
    }
  });

  it("refuses a top-level number longer than maxTokenBytes and an element longer than maxElementBytes", async () => {
    expect(await limited(`[${"1".repeat(300)}]`, 16, { maxTokenBytes: 100 })).toMatchObject({ code: "token_too_long" });
    expect(await limited(`[{"p": [${"1,".repeat(300)}1]}]`, 16, { maxElementBytes: 500 })).toMatchObject({
      code: "token_too_long",
      message: expect.stringMatching(/element starting at byte 1 is longer than/),
    });
  });

  it("accepts tokens up to the limit, and a prefix of an array when partial", async () => {
    expect(await limited(`["${"a".repeat(98)}", {"s": "${"b".repeat(98)}"}]`, 5, { maxTokenBytes: 100 })).toHaveLength(2);
    expect(await limited(`[1, 2, {"a": `, 4, { partial: true })).toEqual([1, 2]);
    expect(await limited(`[1, 2, {"a": `, 4, {})).toMatchObject({ code: "not_json" });
  });
});
