import { METRIC_KEYS, type ExtraMetricKey, type MetricKey, type Metrics } from "./metrics";
import type { ClassLeaderboard, ClassMatrix, ClassRankingRow } from "./class-view";
import type { LeaderboardRow } from "./types";

/** The JSON API's row: the same numbers as the page, undefined metrics as null; `extra` as in leaderboardCsv. */
export function leaderboardRowJson(row: LeaderboardRow, withMove: boolean, extra: readonly ExtraMetricKey[] = []) {
  const metrics: Metrics = {} as Metrics;
  for (const k of METRIC_KEYS) metrics[k] = row.metrics[k];
  for (const k of extra) metrics[k] = row.metrics[k] ?? null;
  return {
    rank: row.rank,
    ...(withMove ? { move: row.move } : {}),
    team: { name: row.team.name, slug: row.team.slug },
    submissionId: row.submissionId,
    baseline: row.isBaseline,
    primary: row.primary,
    ...metrics,
    entries: row.entries,
    submittedAt: row.submittedAt.toISOString(),
    ci: row.ci,
    rankGroup: row.rankGroup,
  };
}

export function classRowJson(row: ClassRankingRow) {
  return {
    rank: row.rank,
    overallRank: row.overallRank,
    team: { name: row.team.name, slug: row.team.slug },
    submissionId: row.submissionId,
    baseline: row.isBaseline,
    ap: row.ap,
    submittedAt: row.submittedAt.toISOString(),
  };
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; spreadsheet formulas defused. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], lines: (string | number | boolean | null)[][]): string {
  return [header, ...lines].map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}

const METRIC_CSV_NAMES: Record<MetricKey, string> = {
  ap: "ap",
  ap50: "ap50",
  ap75: "ap75",
  apSmall: "ap_small",
  apMedium: "ap_medium",
  apLarge: "ap_large",
  ar1: "ar1",
  ar10: "ar10",
  ar100: "ar100",
  arSmall: "ar_small",
  arMedium: "ar_medium",
  arLarge: "ar_large",
  apRare: "ap_rare",
  apCommon: "ap_common",
  apFrequent: "ap_frequent",
  miou: "miou",
};

/** `extra`: the protocol's extra columns (extraMetricKeys: APr/APc/APf, mIoU), after COCO's twelve. */
export function leaderboardCsv(rows: LeaderboardRow[], withMove: boolean, extra: readonly ExtraMetricKey[] = []): string {
  const header = [
    "rank",
    ...(withMove ? ["move"] : []),
    "team",
    "team_slug",
    "submission_id",
    "baseline",
    "primary",
    ...METRIC_KEYS.map((k) => METRIC_CSV_NAMES[k]),
    ...extra.map((k) => METRIC_CSV_NAMES[k]),
    "entries",
    "submitted_at",
    "ci_level",
    "ci_low",
    "ci_high",
    "rank_group",
  ];
  return csv(
    header,
    rows.map((r) => [
      r.rank,
      ...(withMove ? [r.move] : []),
      r.team.name,
      r.team.slug,
      r.submissionId,
      r.isBaseline,
      r.primary,
      ...METRIC_KEYS.map((k) => r.metrics[k]),
      ...extra.map((k) => r.metrics[k] ?? null),
      r.entries,
      r.submittedAt.toISOString(),
      r.ci?.level ?? null,
      r.ci?.low ?? null,
      r.ci?.high ?? null,
      r.rankGroup,
    ]),
  );
}

export function classLeaderboardCsv(board: ClassLeaderboard): string {
  return csv(
    ["rank", "overall_rank", "team", "team_slug", "submission_id", "baseline", "category_id", "category", "ap", "submitted_at"],
    board.rows.map((r) => [
      r.rank,
      r.overallRank,
      r.team.name,
      r.team.slug,
      r.submissionId,
      r.isBaseline,
      board.category.cocoId,
      board.category.name,
      r.ap,
      r.submittedAt.toISOString(),
    ]),
  );
}

/** The full teams x classes matrix as CSV: one row per ranked entry, one AP column per class (empty where
 * undefined). Ground-truth counts and means are in the JSON. */
export function classMatrixCsv(matrix: ClassMatrix): string {
  const header = ["rank", "team", "team_slug", "submission_id", "baseline", ...matrix.categories.map((c) => c.name)];
  return csv(
    header,
    matrix.rows.map((r) => [r.rank, r.team.name, r.team.slug, r.submissionId, r.isBaseline, ...r.cells]),
  );
}

/** The full teams x classes matrix as JSON: classes once, then each entry's AP per class in that order. */
export function classMatrixJson(matrix: ClassMatrix) {
  return {
    classes: matrix.categories.map((c) => ({
      id: c.cocoId,
      name: c.name,
      supercategory: c.supercategory,
      gtInstances: c.gtInSplit,
      frequency: c.frequency,
    })),
    meanOverTeams: matrix.means,
    rows: matrix.rows.map((r) => ({
      rank: r.rank,
      team: { name: r.team.name, slug: r.team.slug },
      submissionId: r.submissionId,
      baseline: r.isBaseline,
      ap: r.cells,
    })),
  };
}
