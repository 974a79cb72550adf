import "server-only";
import { prisma } from "@/lib/db";
import { rankClass } from "./class-ranking";
import { loadClassCells, loadClassColumn } from "./load-classes";
import { loadEntryLabels } from "./load-labels";
import { splitSnapshot } from "./load-overall";
import { derived, type Snapshot } from "./snapshot";
import { categoriesForSplit, toDbSplit, type PhaseContext } from "./phase-context";
import type { RankedEntry, RankedRow } from "./ranking";
import type { CategoryInfo, SplitName, TeamRef } from "./types";

export interface MatrixRow {
  rank: number | null;
  submissionId: string;
  team: TeamRef;
  isBaseline: boolean;
  primary: number | null;
  /** AP per class, in the order of `categories`; null where undefined (no ground truth in the split). */
  cells: (number | null)[];
}

export interface ClassMatrix {
  categories: CategoryInfo[];
  /** Mean AP over ranked teams per class, in the order of `categories`. */
  means: (number | null)[];
  rows: MatrixRow[];
  totalRows: number;
}

export interface MatrixOptions {
  /** Sort by this class's AP (category row id); otherwise by overall rank. */
  sortCategoryId?: string;
  direction?: "asc" | "desc";
  offset?: number;
  limit?: number;
}

function orderByColumn(rows: RankedRow[], column: Map<string, number | null>, direction: "asc" | "desc"): RankedRow[] {
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: column.get(row.entry.submissionId) ?? null }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      return a.value === b.value ? a.index - b.index : (a.value - b.value) * sign;
    })
    .map((x) => x.row);
}

/** Mean AP per class over the ranked teams' entries, computed in the database (no per-cell transfer). */
async function loadColumnMeans(submissionIds: string[], split: SplitName): Promise<Map<string, number>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ categoryId: string; mean: number }[]>`
    SELECT "categoryId", AVG(ap)::float8 AS mean FROM "ClassScore"
    WHERE "submissionId" = ANY(${submissionIds}::text[]) AND split = ${toDbSplit(split)}::"Split" AND "numGt" > 0 AND ap >= 0
    GROUP BY "categoryId"`;
  return new Map(rows.map((r) => [r.categoryId, Number(r.mean)]));
}

function allIds(snapshot: Snapshot): string[] {
  return snapshot.ranked.map((r) => r.entry.submissionId);
}

function cachedColumn(snapshot: Snapshot, split: SplitName, categoryId: string) {
  return derived(snapshot, `column:${categoryId}`, () => loadClassColumn(allIds(snapshot), split, categoryId));
}

function cachedLabels(snapshot: Snapshot) {
  return derived(snapshot, "labels", () => loadEntryLabels(allIds(snapshot)));
}

/** Teams x classes AP matrix of one split, one row per team (its overall ranked entry), paginated. */
export async function loadClassMatrix(
  context: PhaseContext,
  split: SplitName,
  options: MatrixOptions = {},
  now: Date = new Date(),
): Promise<ClassMatrix> {
  const categories = categoriesForSplit(context, split);
  const snapshot = await splitSnapshot(context, split, now);
  const ranked = snapshot.ranked;
  const sortCategory = categories.find((c) => c.id === options.sortCategoryId);
  const [column, meansById] = await Promise.all([
    sortCategory ? cachedColumn(snapshot, split, sortCategory.id) : Promise.resolve(null),
    derived(snapshot, "means", () =>
      loadColumnMeans(
        ranked.filter((r) => r.rank !== null).map((r) => r.entry.submissionId),
        split,
      ),
    ),
  ]);
  let ordered = ranked;
  if (sortCategory && column) ordered = orderByColumn(ranked, column, options.direction ?? "desc");
  else if (options.direction === "desc") ordered = [...ranked].reverse();
  const offset = options.offset ?? 0;
  const page = ordered.slice(offset, offset + (options.limit ?? ordered.length));
  const ids = page.map((r) => r.entry.submissionId);
  const [cells, labels] = await Promise.all([loadClassCells(ids, split), cachedLabels(snapshot)]);
  return {
    categories,
    means: categories.map((c) => meansById.get(c.id) ?? null),
    totalRows: ordered.length,
    rows: page.map(({ rank, entry }) => ({
      rank,
      submissionId: entry.submissionId,
      team: labels.get(entry.submissionId) ?? { id: entry.teamId, name: "Unknown team", slug: null },
      isBaseline: entry.isBaseline,
      primary: entry.primary,
      cells: categories.map((c) => cells.get(entry.submissionId)?.get(c.id) ?? null),
    })),
  };
}

export interface ClassRankingRow {
  rank: number | null;
  overallRank: number | null;
  submissionId: string;
  team: TeamRef;
  isBaseline: boolean;
  ap: number | null;
  submittedAt: Date;
}

export interface ClassLeaderboard {
  category: CategoryInfo;
  best: ClassRankingRow | null;
  meanAp: number | null;
  rows: ClassRankingRow[];
}

/** One class's ranking: each team's ranked entry ordered by that class's AP, with the best team and the mean. */
export async function loadClassLeaderboard(
  context: PhaseContext,
  split: SplitName,
  category: CategoryInfo,
  now: Date = new Date(),
): Promise<ClassLeaderboard> {
  const snapshot = await splitSnapshot(context, split, now);
  const ranked: RankedRow<RankedEntry>[] = snapshot.ranked;
  const [column, labels] = await Promise.all([cachedColumn(snapshot, split, category.id), cachedLabels(snapshot)]);
  const result = rankClass(ranked, column);
  const rows: ClassRankingRow[] = result.rows.map(({ rank, entry }) => ({
    rank,
    overallRank: entry.overallRank,
    submissionId: entry.submissionId,
    team: labels.get(entry.submissionId) ?? { id: entry.teamId, name: "Unknown team", slug: null },
    isBaseline: entry.isBaseline,
    ap: entry.primary,
    submittedAt: entry.createdAt,
  }));
  const best = result.best ? (rows.find((r) => r.submissionId === result.best!.entry.submissionId) ?? null) : null;
  return { category, best, meanAp: result.meanAp, rows };
}
