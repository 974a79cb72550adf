import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCounts, encodeCounts } from "@/lib/eval/mask";
import { writeTemp } from "../coco/temp-files";
import { runEvalCli } from "./run-cli";

const DATA = "test/fixtures/data/cocoapi_val2014_100";
const FIXTURES = "test/fixtures/reference";
const GT = `${DATA}/instances_val2014_100.json`;
const SEGM = `${DATA}/instances_val2014_fakesegm100_results.json`;
const BBOX = `${DATA}/instances_val2014_fakebbox100_results.json`;
const TOLERANCE = 1e-12;

type Expected = { stats: number[]; per_category?: Record<string, Record<string, number>> };
const expected = (name: string) => JSON.parse(fs.readFileSync(`${FIXTURES}/${name}/expected.json`, "utf8")) as Record<string, Expected>;

/** The segm block of cocoapi's published results/val2014_fake_eval_res.txt. */
function publishedSegmLines(): string[] {
  const text = fs.readFileSync(`${DATA}/val2014_fake_eval_res.txt`, "utf8");
  const block = text.split("type=segm")[1].split("type=bbox")[0];
  return block.split("\n").filter((l) => l.startsWith(" Average"));
}

// That file was printed by a 2015 pycocotools whose title column was one space narrower; the
// current format (' {:<18} {} @[ ...') is what we print. Compare everything else exactly.
const sameButTitlePadding = (line: string) => line.replace(/^ (Average (?:Precision|Recall)) +/, " $1 ");

function expectClose(actual: number[], wanted: number[]) {
  expect(actual).toHaveLength(wanted.length);
  actual.forEach((v, i) => expect(Math.abs(v - wanted[i]), `index ${i}: ${v} vs ${wanted[i]}`).toBeLessThanOrEqual(TOLERANCE));
}

describe("eval CLI", () => {
  it("prints pycocotools' summary for the real val2014 segm case, then a per-class table", async () => {
    const run = await runEvalCli(["--gt", GT, "--dt", SEGM]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const published = publishedSegmLines();
    expect(published).toHaveLength(12);
    expect(lines.slice(0, 12).map(sameButTitlePadding)).toEqual(published.map(sameButTitlePadding));
    expect(lines[0]).toBe(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.320");
    expect(lines[6]).toBe(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.268");
    expect(lines[12]).toBe("");
    expect(lines[13]).toMatch(/^\s+id class\s+#gt\s+#dt\s+AP\s+AP50/);
    expect(lines[14]).toMatch(/^\s+1 person\s+250\s+201\s+0\.270\s+0\.613\s+0\.179/);
    expect(lines.filter((l) => /^\s+\d+ /.test(l))).toHaveLength(80);
  });

  it("--json gives full-precision stats and per-class metrics equal to pycocotools'", async () => {
    const run = await runEvalCli(["--gt", GT, "--dt", SEGM, "--json"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(["iouType", "params", "stats", "perClass", "warnings"]);
    expect(out.warnings).toEqual([]);
    expect(out.iouType).toBe("segm");
    const want = expected("real_val2014_100_segm");
    expectClose(out.stats, want.segm.stats);
    const person = out.perClass.find((c: { categoryId: number }) => c.categoryId === 1);
    expect(Object.keys(person)).toEqual([
      "categoryId",
      "name",
      "numGt",
      "numDt",
      "ap",
      "ap50",
      "ap75",
      "apSmall",
      "apMedium",
      "apLarge",
      "ar1",
      "ar10",
      "ar100",
      "arSmall",
      "arMedium",
      "arLarge",
    ]);
    const ref = want.segm.per_category!["1"];
    expectClose(
      [
        person.ap,
        person.ap50,
        person.ap75,
        person.apSmall,
        person.apMedium,
        person.apLarge,
        person.ar1,
        person.ar10,
        person.ar100,
        person.arSmall,
        person.arMedium,
        person.arLarge,
      ],
      [ref.AP, ref.AP50, ref.AP75, ref.APs, ref.APm, ref.APl, ref.AR1, ref.AR10, ref.AR100, ref.ARs, ref.ARm, ref.ARl],
    );
  });

  it("scores boxes and ignores categories on request", async () => {
    const bbox = await runEvalCli(["--gt", GT, "--dt", BBOX, "--iou-type", "bbox", "--json"]);
    expect(bbox.code).toBe(0);
    expectClose(JSON.parse(bbox.stdout).stats, expected("real_val2014_100_bbox").bbox.stats);
    const noCats = await runEvalCli([
      "--gt",
      `${FIXTURES}/basic_polygons/gt.json`,
      "--dt",
      `${FIXTURES}/basic_polygons/dt.json`,
      "--no-cats",
      "--json",
    ]);
    expect(noCats.code).toBe(0);
    expectClose(JSON.parse(noCats.stdout).stats, expected("basic_polygons").segm_useCats0.stats);
  });

  it("gives the same numbers when the ground truth is prepared in a second thread", async () => {
    const threaded = await runEvalCli(["--gt", GT, "--dt", SEGM, "--json", "--gt-thread", "on", "--timings"]);
    expect(threaded.code).toBe(0);
    expect(threaded.stderr).toMatch(/wait for GT thread/);
    expectClose(JSON.parse(threaded.stdout).stats, expected("real_val2014_100_segm").segm.stats);
    const badGt = await runEvalCli(["--gt", SEGM, "--dt", SEGM, "--gt-thread", "on"]);
    expect(badGt.code).toBe(2);
    expect(badGt.stderr).toMatch(/^error: a ground-truth file must be a COCO dataset object/);
  });

  it("summarizes custom thresholds and maxDets as pycocotools does, or by Maskboard's rule on request", async () => {
    const run = await runEvalCli(["--gt", GT, "--dt", SEGM, "--iou-thrs", "0.5,0.75", "--max-dets", "1,5,20"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    // pycocotools reads AP at maxDets == 100 whatever maxDets are: -1 here, and says so in the label.
    expect(lines[0]).toBe(" Average Precision  (AP) @[ IoU=0.50:0.75 | area=   all | maxDets=100 ] = -1.000");
    expect(lines[1]).toMatch(/^ Average Precision {2}\(AP\) @\[ IoU=0\.50 {6}\| area= {3}all \| maxDets= 20 \] = 0\.\d{3}$/);
    expect(lines[7]).toMatch(/maxDets= {2}5 \]/);
    expect(run.stderr).toMatch(/^note: pycocotools' summarize reads AP at maxDets=100.*: AP -1 \(largest: 0\.\d+\)$/m);

    const largest = await runEvalCli([
      "--gt",
      GT,
      "--dt",
      SEGM,
      "--iou-thrs",
      "0.5,0.75",
      "--max-dets",
      "1,5,20",
      "--summarize",
      "largest",
    ]);
    expect(largest.code).toBe(0);
    expect(largest.stderr).toBe("");
    expect(largest.stdout.split("\n")[0]).toMatch(
      /^ Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.75 \| area= {3}all \| maxDets= 20 \] = 0\.\d{3}$/,
    );
    expect(largest.stdout.split("\n").slice(1)).toEqual(lines.slice(1));

    const twoMaxDets = await runEvalCli(["--gt", GT, "--dt", SEGM, "--max-dets", "10,100"]);
    expect(twoMaxDets.code).toBe(2);
    expect(twoMaxDets.stderr).toMatch(/^error: --max-dets 10,100: pycocotools' summarize reads maxDets\[0\], \[1\] and \[2\]/);
  });

  it("exits 2 with the specific problems on bad input", async () => {
    const notJson = await runEvalCli(["--gt", GT, "--dt", `${DATA}/val2014_fake_eval_res.txt`]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^error: the top level of the file must be a JSON array/);

    const resultsAsGt = await runEvalCli(["--gt", SEGM, "--dt", SEGM]);
    expect(resultsAsGt.code).toBe(2);
    expect(resultsAsGt.stderr).toMatch(/a ground-truth file must be a COCO dataset object/);

    const det = { image_id: 42, category_id: 18, score: 0.5, segmentation: { size: [478, 640], counts: "PlZ8" } };
    const shortRuns = await runEvalCli(["--gt", GT, "--dt", writeTemp("short-runs.json", [det])]);
    expect(shortRuns.code).toBe(2);
    expect(shortRuns.stderr).toMatch(/^error: results\[0\]\.segmentation: .*273280 pixels/);
    const badChar = await runEvalCli([
      "--gt",
      GT,
      "--dt",
      writeTemp("bad-char.json", [det, { ...det, segmentation: { size: [478, 640], counts: "PlZ~" } }]),
    ]);
    expect(badChar.code).toBe(2);
    expect(badChar.stderr).toMatch(/results\[1\]\.segmentation\.counts has a character "~" at position 3/);

    // maskApi's (int) cast of 5 * 9e8 overflows: refused with where and why, not a stack trace (exit 1).
    const far = { image_id: 42, category_id: 18, score: 0.5, segmentation: [[9e8, 1, 10, 10, 1, 20]] };
    const farPolygon = await runEvalCli(["--gt", GT, "--dt", writeTemp("far-polygon.json", [far])]);
    expect(farPolygon.code).toBe(2);
    expect(farPolygon.stderr).toMatch(/^error: results\[0\]\.segmentation: polygon vertex 0 \(900000000, 1\)/);
    expect(farPolygon.stderr).not.toMatch(/internal error| {4}at /);

    const missing = await runEvalCli(["--gt", GT, "--dt", "no/such/file.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/file\.json/);
  });

  it("scores box-only results in a segm evaluation as the boxes' polygons, as pycocotools' loadRes does", async () => {
    const boxes = JSON.parse(fs.readFileSync(BBOX, "utf8")) as { bbox: number[] }[];
    // The polygon loadRes draws for a box: [x1, y1, x1, y2, x2, y2, x2, y1].
    const drawn = boxes.map((r) => {
      const [x, y, w, h] = r.bbox;
      return { ...r, segmentation: [[x, y, x, y + h, x + w, y + h, x + w, y]] };
    });
    const boxOnly = await runEvalCli(["--gt", GT, "--dt", BBOX, "--iou-type", "segm", "--json"]);
    expect(boxOnly.stderr).toBe("");
    expect(boxOnly.code).toBe(0);
    const explicit = await runEvalCli(["--gt", GT, "--dt", writeTemp("drawn-boxes.json", drawn), "--iou-type", "segm", "--json"]);
    expect(explicit.code).toBe(0);
    const a = JSON.parse(boxOnly.stdout);
    expect(a.iouType).toBe("segm");
    expect(a).toEqual(JSON.parse(explicit.stdout));
    // Masks of boxes are not the boxes: the segm numbers differ from the bbox evaluation's.
    expect(a.stats).not.toEqual(expected("real_val2014_100_bbox").bbox.stats);
  });

  it("follows pycocotools by default and the platform's rules with --strict", async () => {
    const results = JSON.parse(fs.readFileSync(SEGM, "utf8")) as { category_id: number }[];
    // Two detections with 0-based ids: pycocotools evaluates the rest and ignores these.
    const shifted = results.map((r, i) => (i < 2 ? { ...r, category_id: 0 } : r));
    const file = writeTemp("unknown-categories.json", shifted);
    const lenient = await runEvalCli(["--gt", GT, "--dt", file, "--json"]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/^warning: 2 detection\(s\) have a category_id that is not in the ground truth \(0\)/);
    const out = JSON.parse(lenient.stdout);
    expect(out.warnings).toEqual([expect.objectContaining({ code: "unknown_categories", count: 2 })]);
    const dropped = await runEvalCli(["--gt", GT, "--dt", writeTemp("dropped.json", results.slice(2)), "--json"]);
    expect(out.stats).toEqual(JSON.parse(dropped.stdout).stats);

    const strict = await runEvalCli(["--gt", GT, "--dt", file, "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/results\[0\]\.category_id 0 is not a category of this challenge \(valid: 1-90 except /);
  });

  it("merges zero-length runs inside an RLE, says how many on stderr and in --json, and scores the same pixels", async () => {
    type Segm = { segmentation: { size: number[]; counts: string } };
    const results = JSON.parse(fs.readFileSync(SEGM, "utf8")) as Segm[];
    // The same pixels with two empty runs after the first foreground run (pycocotools keeps them).
    const padded = results.map((r, i) => {
      if (i >= 3) return r;
      const runs = Array.from(decodeCounts(r.segmentation.counts));
      return { ...r, segmentation: { ...r.segmentation, counts: encodeCounts([...runs.slice(0, 2), 0, 0, ...runs.slice(2)]) } };
    });
    const run = await runEvalCli(["--gt", GT, "--dt", writeTemp("zero-runs.json", padded), "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: 3 detection mask\(s\) have zero-length runs inside their RLE counts; they were merged/);
    const out = JSON.parse(run.stdout);
    expect(out.warnings).toEqual([expect.objectContaining({ code: "zero_length_runs_merged", count: 3 })]);
    expectClose(out.stats, expected("real_val2014_100_segm").segm.stats);
  });

  it("exits 2 with usage on bad arguments", async () => {
    for (const args of [
      ["--gt", GT],
      ["--gt", GT, "--dt", SEGM, "--iou-type", "mask"],
      ["--gt", GT, "--dt", SEGM, "--iou-thrs", "0.5,x"],
      ["--gt", GT, "--dt", SEGM, "--bogus"],
    ]) {
      const run = await runEvalCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^error: .*\n\nusage: /s);
    }
    const badParams = await runEvalCli(["--gt", GT, "--dt", SEGM, "--iou-thrs", "1.5"]);
    expect(badParams.code).toBe(2);
    expect(badParams.stderr).toMatch(/iouThresholds\[0\]: 1\.5 is not in \(0, 1\]/);
  });
});
