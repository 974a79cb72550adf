import "server-only";
import { parseGroundTruthFile } from "@/lib/coco";
import { prepareGroundTruth, type CocoGroundTruth, type PreparedGroundTruth } from "@/lib/eval";
import { pathForKey } from "@/lib/storage";

export type GroundTruthRef = { storageKey: string; sha256: string };

// A process keeps the few ground truths it scores against: parsing and rasterizing a large one takes
// seconds, and the file never changes under a sha256.
const MAX_ENTRIES = 2;
const parsed = new Map<string, Promise<CocoGroundTruth>>();
const prepared = new Map<string, PreparedGroundTruth>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  cache.delete(key);
  cache.set(key, value);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

export function loadGroundTruth(ref: GroundTruthRef): Promise<CocoGroundTruth> {
  const hit = parsed.get(ref.sha256);
  if (hit) return remember(parsed, ref.sha256, hit);
  const loading = parseGroundTruthFile(pathForKey(ref.storageKey)).then((r) => r.gt);
  loading.catch(() => parsed.delete(ref.sha256));
  return remember(parsed, ref.sha256, loading);
}

export async function loadPreparedGroundTruth(ref: GroundTruthRef, iouType: "segm" | "bbox"): Promise<PreparedGroundTruth> {
  const key = `${ref.sha256}:${iouType}`;
  const hit = prepared.get(key);
  if (hit) return remember(prepared, key, hit);
  const gt = await loadGroundTruth(ref);
  return remember(prepared, key, prepareGroundTruth(gt, iouType));
}
