import type { RankedLists } from "../accumulate";
import type { MatchedResults } from "../evaluate";
import { FALSE_POSITIVE, IGNORED, TRUE_POSITIVE } from "../match-image";
import type { PreparedGroundTruth } from "../prepare-ground-truth";
import { isRegularGt } from "../split-counts";
import type { EvalParams } from "../types";

/**
 * What a bootstrap replicate needs of one split's evaluation, and nothing more: the per-image
 * matching results (evaluateImg's dtMatches/dtIgnore per area range and IoU threshold, in the order
 * accumulate ranks them) and the regular GT counts of every (image, class). Replicates re-accumulate
 * these with image multiplicities (replicate-accumulate.ts); IoUs and matching never run again.
 *
 * A detection's 4 x 10 states are stored relative to a default: per area range, either "a false
 * positive at every threshold" (in its `pattern`) or "nothing at any threshold". Only the (slot, kind)
 * pairs that differ — true positives, and the few false positives or ignored matches against the
 * default — are listed as entries. Most detections (unmatched ones) have no entry at all.
 */
export interface ReplicateLists {
  /** L: one list per category (macro), or one pooled list. */
  lists: number;
  /** Regular GT per (list, image) unit, units grouped by list: [gtStart[l], gtStart[l + 1]). */
  gtStart: Int32Array;
  /** The unit's image (index into ReplicateCache.imageIds). */
  gtImage: Int32Array;
  /** npig of the unit's image and class in area range a, at [unit * A + a]. */
  gtRegular: Int32Array;
  /**
   * Every detection of the split, as the image it belongs to, grouped by (list, default pattern) in
   * accumulate's ranked order: stream (l, q) is [streamStart[l * P + q], streamStart[l * P + q + 1]).
   */
  streamStart: Int32Array;
  streamImage: Int32Array;
  /** The detections with entries ("events"), per list in ranked order: [eventStart[l], eventStart[l + 1]). */
  eventStart: Int32Array;
  eventImage: Int32Array;
  /** Rank within the (image, class) unit: the maxDets cut. */
  eventRank: Int32Array;
  /** How many detections of stream (l, q) rank above event e, at [e * P + q]. */
  eventAbove: Int32Array;
  /** The event's entries: [entryStart[e], entryStart[e + 1]). */
  entryStart: Int32Array;
  /** (slot << 2) | kind, slot = a * T + t; kinds below. */
  entries: Int32Array;
  /** True-positive entries per (list, slot), at [l * A * T + slot]: sizes the precision steps. */
  truePositives: Int32Array;
}

/** A true positive in an area range where the detection is not a default false positive. */
export const ENTRY_TP = 0;
/** A true positive in an area range where the detection is a default false positive (so: one fewer). */
export const ENTRY_TP_NOT_FP = 1;
/** A false positive in an area range where the detection counts nothing by default. */
export const ENTRY_FP = 2;
/** Ignored in an area range where the detection is a default false positive. */
export const ENTRY_NOT_FP = 3;

export interface ReplicateCache {
  params: EvalParams;
  recallThresholds: Float64Array;
  /** The split's image ids, ascending: multiplicities are indexed like this list. */
  imageIds: Float64Array;
  categoryIds: number[];
  /** Default-false-positive area ranges, A flags per pattern. */
  patterns: Uint8Array;
  /** What the 12 summary numbers are accumulated from (the micro pool, or the macro lists). */
  summary: ReplicateLists;
  /** The per-category lists (macro, useCats), or null when categories are pooled. May be `summary` itself. */
  perClass: ReplicateLists | null;
}

/** Maps each image of the split to its position among the split's images (ascending id), others to -1. */
function localImages(prepared: PreparedGroundTruth, inSplit: Uint8Array): { local: Int32Array; imageIds: Float64Array } {
  const local = new Int32Array(prepared.imageIds.length).fill(-1);
  const ids: number[] = [];
  for (let i = 0; i < local.length; i++) {
    if (inSplit[i] !== 1) continue;
    local[i] = ids.length;
    ids.push(prepared.imageIds[i]);
  }
  return { local, imageIds: Float64Array.from(ids) };
}

/** Regular GT per (list, image), for lists indexed by category (pooled: every category in list 0). */
function regularUnits(
  prepared: PreparedGroundTruth,
  local: Int32Array,
  images: number,
  params: EvalParams,
  pooled: boolean,
  lists: number,
): Pick<ReplicateLists, "gtStart" | "gtImage" | "gtRegular"> {
  const A = params.areaRanges.length;
  const byUnit = new Map<number, Int32Array>();
  for (let j = 0; j < prepared.gtCount; j++) {
    const image = local[prepared.gtImage[j]];
    if (image < 0) continue;
    const key = (pooled ? 0 : prepared.gtCategory[j]) * images + image;
    let counts = byUnit.get(key);
    for (let a = 0; a < A; a++) {
      if (!isRegularGt(prepared, j, params.areaRanges[a].range)) continue;
      if (!counts) byUnit.set(key, (counts = new Int32Array(A)));
      counts[a]++;
    }
  }
  const keys = Float64Array.from(byUnit.keys()).sort();
  const gtStart = new Int32Array(lists + 1);
  const gtImage = new Int32Array(keys.length);
  const gtRegular = new Int32Array(keys.length * A);
  keys.forEach((key, u) => {
    gtStart[Math.floor(key / images) + 1]++;
    gtImage[u] = key % images;
    gtRegular.set(byUnit.get(key)!, u * A);
  });
  for (let l = 0; l < lists; l++) gtStart[l + 1] += gtStart[l];
  return { gtStart, gtImage, gtRegular };
}

class PatternTable {
  private ids = new Map<string, number>();
  flags: number[] = [];
  constructor(private A: number) {}
  id(flags: Uint8Array): number {
    const key = flags.join("");
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      for (let a = 0; a < this.A; a++) this.flags.push(flags[a]);
    }
    return id;
  }
}

/** A ranked list set reduced to default patterns and entries; streams are laid out once all patterns are known. */
interface ReducedLists {
  lists: number;
  units: Pick<ReplicateLists, "gtStart" | "gtImage" | "gtRegular">;
  detStart: Int32Array;
  detImage: Int32Array;
  detRank: Int32Array;
  detPattern: Int32Array;
  entryStart: Int32Array;
  entries: Int32Array;
  truePositives: Int32Array;
}

function reduceLists(
  ranked: RankedLists,
  matched: MatchedResults,
  local: Int32Array,
  patterns: PatternTable,
  units: Pick<ReplicateLists, "gtStart" | "gtImage" | "gtRegular">,
): ReducedLists {
  const { states, facts } = matched;
  const T = states.thresholds,
    A = states.areas,
    AT = A * T,
    L = ranked.classes;
  const detStart = new Int32Array(L + 1);
  const kept: number[] = [];
  for (let l = 0; l < L; l++) {
    for (let i = ranked.start[l]; i < ranked.start[l + 1]; i++) {
      const p = ranked.positions[i];
      if (local[facts.image[p]] >= 0) kept.push(p);
    }
    detStart[l + 1] = kept.length;
  }
  const N = kept.length;
  const detImage = new Int32Array(N),
    detRank = new Int32Array(N),
    detPattern = new Int32Array(N),
    entryStart = new Int32Array(N + 1);
  const truePositives = new Int32Array(L * AT);
  const entries: number[] = [];
  const flags = new Uint8Array(A);
  const detState = states.detState;
  let l = 0;
  for (let d = 0; d < N; d++) {
    while (d >= detStart[l + 1]) l++;
    const p = kept[d];
    detImage[d] = local[facts.image[p]];
    detRank[d] = facts.rank[p];
    const base = p * AT;
    for (let a = 0; a < A; a++) {
      // The default that leaves fewer entries: true positives are listed either way.
      let fp = 0,
        ignored = 0;
      for (let t = 0; t < T; t++) {
        const s = detState[base + a * T + t];
        if (s === FALSE_POSITIVE) fp++;
        else if (s === IGNORED) ignored++;
      }
      flags[a] = fp > ignored ? 1 : 0;
    }
    detPattern[d] = patterns.id(flags);
    for (let j = 0; j < AT; j++) {
      const s = detState[base + j];
      const byDefault = flags[Math.floor(j / T)] === 1;
      let kind = -1;
      if (s === TRUE_POSITIVE) {
        kind = byDefault ? ENTRY_TP_NOT_FP : ENTRY_TP;
        truePositives[l * AT + j]++;
      } else if (s === FALSE_POSITIVE && !byDefault) kind = ENTRY_FP;
      else if (s !== FALSE_POSITIVE && byDefault) kind = ENTRY_NOT_FP;
      if (kind >= 0) entries.push((j << 2) | kind);
    }
    entryStart[d + 1] = entries.length;
  }
  return { lists: L, units, detStart, detImage, detRank, detPattern, entryStart, entries: Int32Array.from(entries), truePositives };
}

/** Splits each list into its P pattern streams and lists its events with their place in every stream. */
function layOut(r: ReducedLists, P: number): ReplicateLists {
  const { lists: L, detStart, detImage, detPattern, entryStart } = r;
  const N = detImage.length;
  const streamStart = new Int32Array(L * P + 1);
  for (let l = 0; l < L; l++) for (let d = detStart[l]; d < detStart[l + 1]; d++) streamStart[l * P + detPattern[d] + 1]++;
  for (let s = 0; s < L * P; s++) streamStart[s + 1] += streamStart[s];
  let events = 0;
  for (let d = 0; d < N; d++) if (entryStart[d + 1] > entryStart[d]) events++;
  const streamImage = new Int32Array(N);
  const eventStart = new Int32Array(L + 1),
    eventImage = new Int32Array(events),
    eventRank = new Int32Array(events),
    eventAbove = new Int32Array(events * P),
    eventEntryStart = new Int32Array(events + 1);
  const filled = new Int32Array(P);
  let e = 0;
  for (let l = 0; l < L; l++) {
    filled.fill(0);
    for (let d = detStart[l]; d < detStart[l + 1]; d++) {
      if (entryStart[d + 1] > entryStart[d]) {
        eventImage[e] = detImage[d];
        eventRank[e] = r.detRank[d];
        eventAbove.set(filled, e * P);
        eventEntryStart[e + 1] = entryStart[d + 1];
        e++;
      }
      const q = detPattern[d];
      streamImage[streamStart[l * P + q] + filled[q]++] = detImage[d];
    }
    eventStart[l + 1] = e;
  }
  // Entries of detections without any are empty ranges: the event list's ranges are the same offsets.
  return {
    lists: L,
    ...r.units,
    streamStart,
    streamImage,
    eventStart,
    eventImage,
    eventRank,
    eventAbove,
    entryStart: eventEntryStart,
    entries: r.entries,
    truePositives: r.truePositives,
  };
}

/** The replicate cache of one split (inSplit: a mask over the ground truth's images) of matched results. */
export function buildReplicateCache(prepared: PreparedGroundTruth, matched: MatchedResults, inSplit: Uint8Array): ReplicateCache {
  const p = matched.params;
  const { local, imageIds } = localImages(prepared, inSplit);
  const n = imageIds.length;
  const K = prepared.categoryIds.length;
  const patterns = new PatternTable(p.areaRanges.length);
  const macroUnits = regularUnits(prepared, local, n, p, !p.useCats, p.useCats ? K : 1);
  const reducedMacro = reduceLists(matched.macroLists, matched, local, patterns, macroUnits);
  const reducedMicro = matched.microLists
    ? reduceLists(matched.microLists, matched, local, patterns, regularUnits(prepared, local, n, p, true, 1))
    : null;
  const P = patterns.flags.length / p.areaRanges.length;
  const macro = layOut(reducedMacro, P);
  const summary = reducedMicro ? layOut(reducedMicro, P) : macro;
  return {
    params: p,
    recallThresholds: Float64Array.from(matched.recallThresholds),
    imageIds,
    categoryIds: [...prepared.categoryIds],
    patterns: Uint8Array.from(patterns.flags),
    summary,
    perClass: p.useCats ? macro : null,
  };
}
