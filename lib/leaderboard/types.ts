import type { Metrics } from "./metrics";
import type { RowInterval } from "./ranking";

export type SplitName = "public" | "private";

export interface TeamRef {
  id: string | null;
  name: string;
  slug: string | null;
}

/** One line of the overall leaderboard, as the pages, the JSON API and the CSV show it. */
export interface LeaderboardRow {
  rank: number | null;
  /** Private split only: places gained (+) or lost (-) relative to the public ranking. */
  move: number | null;
  submissionId: string;
  team: TeamRef;
  isBaseline: boolean;
  primary: number | null;
  metrics: Metrics;
  entries: number;
  submittedAt: Date;
  /** The primary metric's bootstrap interval; null until the statistics job has run (or for LVIS phases). */
  ci: RowInterval | null;
  /** Tied rank group (1, 2, ...; docs/statistics.md); null for baselines and entries without statistics. */
  rankGroup: number | null;
}

export interface CategoryInfo {
  /** Category row id (ClassScore.categoryId). */
  id: string;
  cocoId: number;
  name: string;
  supercategory: string;
  /** Ground-truth instances of this class in the split; 0 means the class's AP is undefined there. */
  gtInSplit: number;
  /** LVIS frequency group ("r", "c" or "f") when the ground truth is LVIS-format, else null. */
  frequency?: string | null;
}
