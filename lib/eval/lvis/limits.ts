// LVISResults' detection limits, applied to the results list before anything else reads it: they
// reorder the list, and the order decides loadRes' branch (from the first result) and the ids.
import type { CocoResult } from "../types";

/** Stable descending score order (Python's sorted(key=score, reverse=True) keeps ties in list order). */
function byScoreDescending(results: readonly CocoResult[], positions: Int32Array): Int32Array {
  return positions.slice().sort((a, b) => results[b].score - results[a].score || a - b);
}

/**
 * Positions grouped by key, groups in order of first appearance (a Python dict of lists): a counting
 * sort on the group index. Results files list an image's detections together, so the key is looked
 * up only when it changes.
 */
function groupBy(results: readonly CocoResult[], key: (r: CocoResult) => unknown): Int32Array[] {
  const groupOf = new Map<unknown, number>();
  const group = new Int32Array(results.length);
  const sizes: number[] = [];
  let lastKey: unknown = undefined,
    last = -1;
  for (let i = 0; i < results.length; i++) {
    const k = key(results[i]);
    if (last < 0 || k !== lastKey) {
      let g = groupOf.get(k);
      if (g === undefined) {
        g = sizes.length;
        groupOf.set(k, g);
        sizes.push(0);
      }
      lastKey = k;
      last = g;
    }
    group[i] = last;
    sizes[last]++;
  }
  const all = new Int32Array(results.length);
  const groups: Int32Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    groups.push(all.subarray(offset, offset + size));
    offset += size;
  }
  const filled = new Int32Array(sizes.length);
  for (let i = 0; i < results.length; i++) groups[group[i]][filled[group[i]]++] = i;
  return groups;
}

function concat(lists: Int32Array[]): Int32Array {
  let n = 0;
  for (const list of lists) n += list.length;
  const out = new Int32Array(n);
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/**
 * limit_dets_per_image, as positions into `results`: images in order of first appearance; an image with
 * more than `max` results keeps its top `max` by score (in score order), the others keep file order.
 */
export function limitPerImage(results: readonly CocoResult[], max: number): Int32Array {
  return concat(
    groupBy(results, (r) => r.image_id).map((list) => (list.length <= max ? list : byScoreDescending(results, list).subarray(0, max))),
  );
}

/** limit_dets_per_cat, as positions: categories in order of first appearance, each sorted by score and cut to `max`. */
export function limitPerCategory(results: readonly CocoResult[], max: number): Int32Array {
  return concat(groupBy(results, (r) => r.category_id).map((list) => byScoreDescending(results, list).subarray(0, max)));
}
