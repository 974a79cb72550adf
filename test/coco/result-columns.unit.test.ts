// The streaming columnar reader must give the evaluator exactly what parseResultsFile gives it: same
// scores to the last bit on every reference case, same errors, with the counts in memory or spilled.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseResultsFile } from "@/lib/coco";
import { readResultTable, type ReadTableOptions } from "@/lib/coco/result-columns";
import { defaultParams, evaluate, type CocoGroundTruth, type CocoResult } from "@/lib/eval";
import { listFixtureCases, readJson } from "../eval/fixture-cases";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "result-columns-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function both(
  dtPath: string,
  gt: CocoGroundTruth,
  iouType: "segm" | "bbox",
  useCats: boolean,
  extra: Partial<ReadTableOptions> = {},
) {
  const params = { ...defaultParams(iouType), useCats };
  const options = { gt, iouType, useCats, rules: "pycocotools" as const };
  let objects: CocoResult[] | Error;
  try {
    objects = await parseResultsFile(dtPath, options);
  } catch (e) {
    objects = e as Error;
  }
  let table: Awaited<ReturnType<typeof readResultTable>> | Error;
  try {
    table = await readResultTable(dtPath, { ...options, spillDir: dir, ...extra });
  } catch (e) {
    table = e as Error;
  }
  if (objects instanceof Error || table instanceof Error) {
    expect(table instanceof Error ? table.message : "accepted").toBe(objects instanceof Error ? objects.message : "accepted");
    return null;
  }
  try {
    const expected = evaluate(gt, objects, params);
    const actual = evaluate(gt, table, params);
    return { expected, actual, count: table.count, readFromBytes: table.readFromBytes, spilled: table.spilled };
  } finally {
    table.dispose();
  }
}

describe("readResultTable", () => {
  for (const c of listFixtureCases()) {
    for (const run of c.runs) {
      it(`${c.name} ${run.key}: scores equal parseResultsFile's bit for bit`, async () => {
        const gt = readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt));
        const out = await both(path.resolve(c.dir, c.expected.dt), gt, run.iouType, run.useCats);
        if (out) expect(out.actual).toEqual(out.expected);
      });
    }
  }

  it("spills counts to a file past its memory and reads them back; deletes the file on dispose", async () => {
    const c = listFixtureCases().find((f) => f.name === "real_val2014_100_segm")!;
    const gt = readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt));
    const out = await both(path.resolve(c.dir, c.expected.dt), gt, "segm", true, { countsMemoryBytes: 4096, countsBlockBytes: 1024 });
    expect(out!.count).toBeGreaterThan(100);
    expect(out!.spilled).toBe(true);
    expect(out!.readFromBytes).toBe(out!.count); // all compressed RLE: none needed JSON.parse
    expect(out!.actual).toEqual(out!.expected);
    expect((await readdir(dir)).filter((f) => f.startsWith("counts-"))).toEqual([]);
  });

  it("reads unusual but valid JSON the same way: key order, extra keys, escapes, whitespace, mixed shapes", async () => {
    const c = listFixtureCases().find((f) => f.name === "real_val2014_100_segm")!;
    const gt = readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt));
    const dt = readJson<CocoResult[]>(path.resolve(c.dir, c.expected.dt));
    // Every third detection gets its keys reversed and extra fields; every fifth a polygon-free
    // uncompressed RLE would change the mask, so shapes stay; text escapes (\/) force the slow path.
    const text =
      "[\n" +
      dt
        .map((d, k) => {
          if (k % 3 === 0) {
            const reversed = Object.fromEntries(Object.entries({ ...d, id: k, extra: { nested: [1, 'a"b\\c', null, true] } }).reverse());
            return JSON.stringify(reversed, null, k % 2 ? 2 : 0);
          }
          if (k % 7 === 0) return JSON.stringify(d).replace('"image_id"', '"image\\u005fid"');
          return JSON.stringify(d);
        })
        .join(" ,\n") +
      "\n]";
    const file = path.join(dir, "unusual.json");
    await writeFile(file, text);
    expect(text).toContain("\\\\"); // real counts strings hold escaped backslashes
    const out = await both(file, gt, "segm", true);
    expect(out!.actual).toEqual(out!.expected);
    expect(out!.readFromBytes).toBeGreaterThan(out!.count / 2);
    expect(out!.readFromBytes).toBeLessThan(out!.count); // the \u005f keys went through JSON.parse
  });

  it("refuses a bad file with parseResultsFile's message", async () => {
    const c = listFixtureCases().find((f) => f.name === "basic_polygons")!;
    const gt = readJson<CocoGroundTruth>(path.resolve(c.dir, c.expected.gt));
    const dt = readJson<CocoResult[]>(path.resolve(c.dir, c.expected.dt));
    const bad = dt.map((d, k) => (k === 3 ? { ...d, image_id: 999999 } : k === 5 ? { ...d, score: "high" } : d));
    const file = path.join(dir, "bad.json");
    await writeFile(file, JSON.stringify(bad));
    expect(await both(file, gt, "segm", true)).toBeNull();
    await expect(readResultTable(file, { gt, spillDir: dir })).rejects.toThrow(/results\[3\]\.image_id 999999/);
  });
});
