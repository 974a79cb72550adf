import type { RankedLists } from "./accumulate";
import type { EvaluationGroups } from "./evaluation-groups";
import type { LoadedResults } from "./load-results";
import { stableSortByKey } from "./stable-sorts";

export interface PositionFacts {
  image: Int32Array;
  rank: Int32Array;
  category: Int32Array;
  score: Float64Array;
  /** Dense descending score rank (EvaluationGroups.scoreRank): sorting by it is sorting by score, stably. */
  scoreRank: Int32Array;
  distinctScores: number;
}

/** Image, rank, category and score of every dtOrder position, gathered once. */
export function positionFacts(dt: LoadedResults, groups: EvaluationGroups): PositionFacts {
  const n = groups.dtOrder.length;
  const facts: PositionFacts = {
    image: new Int32Array(n),
    rank: groups.dtRank,
    category: new Int32Array(n),
    score: new Float64Array(n),
    scoreRank: new Int32Array(n),
    distinctScores: groups.distinctScores,
  };
  for (let p = 0; p < n; p++) {
    const i = groups.dtOrder[p];
    facts.image[p] = dt.imageIndex[i];
    facts.category[p] = dt.categoryIndex[i];
    facts.score[p] = dt.score[i];
    facts.scoreRank[p] = groups.scoreRank[i];
  }
  return facts;
}

/** Positions 0..n-1: dtOrder lists units by image, then (with useCats) category, each in rank order. */
function unitOrder(n: number): Int32Array {
  // A plain loop: Int32Array.from with a map callback costs ~50 ns per element.
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  return order;
}

/** Positions reordered by descending score, ties in input order: a counting sort on the score ranks. */
function byScore(order: Int32Array, facts: PositionFacts): Int32Array {
  return stableSortByKey(order, facts.scoreRank, facts.distinctScores);
}

/** One ranked list per category (macro, useCats): descending score, ties by image, then rank in the image. */
export function rankPerCategory(facts: PositionFacts, categories: number): RankedLists {
  const n = facts.image.length;
  const positions = stableSortByKey(byScore(unitOrder(n), facts), facts.category, categories);
  const start = new Int32Array(categories + 1);
  for (let p = 0; p < n; p++) start[facts.category[p] + 1]++;
  for (let k = 0; k < categories; k++) start[k + 1] += start[k];
  return { classes: categories, start, positions };
}

/** The useCats = false pool: descending score, ties by image, then rank in the image (already in category order). */
export function rankPooledByImage(facts: PositionFacts): RankedLists {
  const n = facts.image.length;
  return { classes: 1, start: Int32Array.from([0, n]), positions: byScore(unitOrder(n), facts) };
}

/**
 * The micro pool: every class's ranked list merged by a stable sort on score, taken in category id
 * order — so ties across classes go by category id, then image, then rank.
 */
export function rankPooledByCategory(facts: PositionFacts, categories: number): RankedLists {
  const n = facts.image.length;
  const byCategory = stableSortByKey(unitOrder(n), facts.category, categories);
  return { classes: 1, start: Int32Array.from([0, n]), positions: byScore(byCategory, facts) };
}
