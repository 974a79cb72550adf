import "server-only";
import { parseGroundTruthFile } from "./ground-truth";
import {
  prepareGroundTruth,
  prepareLvisGroundTruth,
  type CocoGroundTruth,
  type IouType,
  type LvisGroundTruth,
  type PreparedGroundTruth,
} from "@/lib/eval";
import { localPathForKey } from "@/lib/storage";

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

// The file is parsed for the phase's protocol: "segm" requires a segmentation on every annotation,
// "bbox" a box (a box-only ground truth is valid only for bbox), so the iouType is part of the key.
// LVIS families also check the file's LVIS format (frequencies, federated lists) and prepare it by
// LVISEval's rules: "lvis" is part of the key too.
const cacheKey = (ref: GroundTruthRef, iouType: IouType, lvis = false) => `${ref.sha256}:${iouType}${lvis ? ":lvis" : ""}`;

export function loadGroundTruth(ref: GroundTruthRef, iouType: IouType, lvis = false): Promise<CocoGroundTruth> {
  const key = cacheKey(ref, iouType, lvis);
  const hit = parsed.get(key);
  if (hit) return remember(parsed, key, hit);
  const loading = localPathForKey(ref.storageKey)
    .then((file) => parseGroundTruthFile(file, { iouType, lvis }))
    .then((r) => r.gt);
  loading.catch(() => parsed.delete(key));
  return remember(parsed, key, loading);
}

/** The ground truth rasterized for `iouType`; boundary IoU's width (dilationRatio) is part of the preparation and the key. */
export async function loadPreparedGroundTruth(
  ref: GroundTruthRef,
  iouType: IouType,
  dilationRatio?: number,
  lvis = false,
): Promise<PreparedGroundTruth> {
  const base = cacheKey(ref, iouType, lvis);
  const key = iouType === "boundary" && dilationRatio !== undefined ? `${base}:${dilationRatio}` : base;
  const hit = prepared.get(key);
  if (hit) return remember(prepared, key, hit);
  const gt = await loadGroundTruth(ref, iouType, lvis);
  return remember(
    prepared,
    key,
    lvis ? prepareLvisGroundTruth(gt as LvisGroundTruth, iouType, dilationRatio) : prepareGroundTruth(gt, iouType, { dilationRatio }),
  );
}
