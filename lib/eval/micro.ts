import type { RankedLists } from "./accumulate";
import { rankPooledByCategory, type PositionFacts } from "./ranked-lists";
import { poolCounts } from "./split-counts";

/**
 * Micro averaging: every object counts equally (COCO's macro averaging makes every class count equally).
 *
 * Precisely: matching is COCO's, unchanged — per image and category, so a detection can only match a
 * GT of its own class, with the same crowd/area-range ignores and the same per-(image, class) maxDets
 * cut. Then, for each IoU threshold, area range and maxDets, the detections of all classes are pooled
 * into ONE ranked list (descending score; ties by category id, then image id, then rank within the
 * image) and accumulated exactly as COCO accumulates one class: tp/fp cumulative sums, recall =
 * tp / npig with npig the number of regular GT of all classes together, precision = tp / (tp + fp + eps),
 * the precision envelope, and precision sampled at the recall points. The summary stats are computed from
 * this single pooled curve as summarize does. Per-class numbers stay per class (identical to macro).
 * Without useCats the classes are already pooled, so micro equals macro.
 */
export function microRankedList(facts: PositionFacts, categories: number): RankedLists {
  return rankPooledByCategory(facts, categories);
}

/** npig of the pooled class: the regular GT of all categories together, per area range. */
export function microRegularGt(regularGtPerCategory: Float64Array, areas: number): Float64Array {
  return poolCounts(regularGtPerCategory, areas);
}
