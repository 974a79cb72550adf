// LVISResults' detection limits, applied to the results list before anything else reads it: they
// reorder the list, and the order decides loadRes' branch (from the first result) and the ids.
import type { CocoResult } from "../types";

/** Stable descending score order (Python's sorted(key=score, reverse=True) keeps ties in list order). */
function byScoreDescending(results: readonly CocoResult[], positions: number[]): number[] {
  return positions.slice().sort((a, b) => results[b].score - results[a].score || a - b);
}

/** Positions grouped by key, groups in order of first appearance (a Python dict of lists). */
function groupBy(results: readonly CocoResult[], key: (r: CocoResult) => unknown): number[][] {
  const groups = new Map<unknown, number[]>();
  results.forEach((r, i) => {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.values()];
}

/**
 * limit_dets_per_image, as positions into `results`: images in order of first appearance; an image with
 * more than `max` results keeps its top `max` by score (in score order), the others keep file order.
 */
export function limitPerImage(results: readonly CocoResult[], max: number): Int32Array {
  return Int32Array.from(
    groupBy(results, (r) => r.image_id).flatMap((list) => (list.length <= max ? list : byScoreDescending(results, list).slice(0, max))),
  );
}

/** limit_dets_per_cat, as positions: categories in order of first appearance, each sorted by score and cut to `max`. */
export function limitPerCategory(results: readonly CocoResult[], max: number): Int32Array {
  return Int32Array.from(groupBy(results, (r) => r.category_id).flatMap((list) => byScoreDescending(results, list).slice(0, max)));
}
