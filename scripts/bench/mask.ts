// Micro-benchmark of the mask hot path on the real val2014 subset, replicated as distinct images:
// decode counts strings, area + box (prepareRle), GT rasterisation, and COCOeval-shaped IoU blocks.
// Usage: npx tsx scripts/bench/mask.ts [targetDetections=480000]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { annToRle, decodeCounts, maskIouPrepared, prepareRle, type PreparedRle } from "../../lib/eval/mask";
import type { CocoGroundTruth, CocoResult } from "../../lib/eval/types";

const DATA = fileURLToPath(new URL("../../test/fixtures/data/cocoapi_val2014_100/", import.meta.url));
const gt = JSON.parse(readFileSync(DATA + "instances_val2014_100.json", "utf8")) as CocoGroundTruth;
const dts = JSON.parse(readFileSync(DATA + "instances_val2014_fakesegm100_results.json", "utf8")) as CocoResult[];
const target = Number(process.argv[2] ?? 480_000);
const replicas = Math.max(1, Math.round(target / dts.length));
const size = new Map(gt.images.map((im) => [im.id, im]));

// CPU time is reported beside wall time: the machine is shared, so wall time alone is noisy.
function time<T>(label: string, items: number, fn: () => T): T {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(36)} wall ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  ` +
      `${((items / cpuMs) * 1000).toFixed(0).padStart(10)} /cpu-s  (${items} items)`,
  );
  return result;
}

const strings = dts.map((d) => (d.segmentation as { counts: string }).counts);
console.log(`val2014_100: ${gt.annotations.length} GT, ${dts.length} dets; ${replicas} replicas -> ${replicas * dts.length} dets`);

const totalDets = replicas * dts.length;
const sizes = dts.map((d) => (d.segmentation as { size: [number, number] }).size);
const decoded = time("decodeCounts alone", totalDets, () => {
  const out = new Array<Uint32Array>(totalDets);
  for (let r = 0; r < replicas; r++) for (let i = 0; i < dts.length; i++) out[r * dts.length + i] = decodeCounts(strings[i]);
  return out;
});
const preparedDts = time("prepareRle on decoded (area+bbox)", totalDets, () =>
  decoded.map((counts, k) => prepareRle({ h: sizes[k % dts.length][0], w: sizes[k % dts.length][1], counts })),
);
const preparedGt = time("GT annToRle+prepare (once)", gt.annotations.length, () =>
  gt.annotations.map((a) => {
    const im = size.get(a.image_id)!;
    return prepareRle(annToRle(a.segmentation!, im.height, im.width));
  }),
);

// Group as COCOeval does: (image, category) blocks, dets by descending score.
type Block = { dts: number[]; gts: number[]; crowd: number[] };
const blocks = new Map<string, Block>();
const block = (img: number, cat: number) => {
  const key = `${img}:${cat}`;
  let b = blocks.get(key);
  if (!b) blocks.set(key, (b = { dts: [], gts: [], crowd: [] }));
  return b;
};
gt.annotations.forEach((a, i) => {
  const b = block(a.image_id, a.category_id);
  b.gts.push(i);
  b.crowd.push(a.iscrowd ? 1 : 0);
});
dts.forEach((d, i) => block(d.image_id, d.category_id).dts.push(i));
for (const b of blocks.values()) b.dts.sort((x, y) => dts[y].score - dts[x].score);
const list = [...blocks.values()].filter((b) => b.dts.length > 0 && b.gts.length > 0);
const pairs = list.reduce((s, b) => s + b.dts.length * b.gts.length, 0) * replicas;

let checksum = 0;
time("maskIouPrepared (per image,cat)", pairs, () => {
  for (let r = 0; r < replicas; r++) {
    const base = r * dts.length;
    for (const b of list) {
      const d: PreparedRle[] = b.dts.map((i) => preparedDts[base + i]);
      const g: PreparedRle[] = b.gts.map((i) => preparedGt[i]);
      const iou = maskIouPrepared(d, g, b.crowd);
      checksum += iou[0];
    }
  }
});
console.log(`IoU blocks per replica: ${list.length}; checksum ${checksum.toFixed(6)}`);
