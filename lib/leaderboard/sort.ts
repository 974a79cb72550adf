import type { LeaderboardRow } from "./types";
import { AP_METRIC_KEYS, EXTRA_METRIC_KEYS, type MetricKey } from "./metrics";

export const SORTABLE_COLUMNS = [
  "rank",
  "team",
  "primary",
  ...AP_METRIC_KEYS,
  "ar1",
  "ar100",
  ...EXTRA_METRIC_KEYS,
  "entries",
  "date",
] as const;
export type SortColumn = (typeof SORTABLE_COLUMNS)[number];
export type SortDirection = "asc" | "desc";

export interface SortSpec {
  column: SortColumn;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortSpec = { column: "rank", direction: "asc" };

/** The direction a column sorts in when first clicked: best first for scores, A-Z for names, oldest first for dates. */
export function naturalDirection(column: SortColumn): SortDirection {
  return column === "rank" || column === "team" || column === "date" ? "asc" : "desc";
}

/** Reads ?sort=ap&dir=desc; anything unknown falls back to the ranking order. */
export function parseSort(sort: string | undefined, dir: string | undefined): SortSpec {
  const column = (SORTABLE_COLUMNS as readonly string[]).includes(sort ?? "") ? (sort as SortColumn) : "rank";
  const direction: SortDirection = dir === "asc" || dir === "desc" ? dir : naturalDirection(column);
  return { column, direction };
}

function sortValue(row: LeaderboardRow, column: SortColumn): number | string | null {
  switch (column) {
    case "rank":
      return row.rank;
    case "team":
      return row.team.name.toLowerCase();
    case "primary":
      return row.primary;
    case "entries":
      return row.entries;
    case "date":
      return row.submittedAt.getTime();
    default:
      return row.metrics[column as MetricKey] ?? null;
  }
}

/**
 * Display order only: ranks never change. Missing values (baselines' rank, undefined
 * metrics) always go last; equal values keep the ranking order.
 */
export function sortRows(rows: LeaderboardRow[], spec: SortSpec): LeaderboardRow[] {
  if (spec.column === "rank" && spec.direction === "asc") return rows;
  const sign = spec.direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, spec.column) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;
      }
      if (a.value < b.value) return -sign;
      if (a.value > b.value) return sign;
      return a.index - b.index;
    })
    .map((x) => x.row);
}
