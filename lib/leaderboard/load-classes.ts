import "server-only";
import { prisma } from "@/lib/db";
import { definedOrNull } from "./metrics";
import { toDbSplit } from "./phase-context";
import type { SplitName } from "./types";

/** A class's AP is undefined where the split has no ground truth for it: null, never 0. */
function cellValue(ap: number, numGt: number): number | null {
  return numGt > 0 ? definedOrNull(Number(ap)) : null;
}

/** AP of every (submission, class) pair for the given submissions: submissionId -> categoryId -> AP. */
export async function loadClassCells(submissionIds: string[], split: SplitName): Promise<Map<string, Map<string, number | null>>> {
  const out = new Map<string, Map<string, number | null>>();
  if (submissionIds.length === 0) return out;
  const rows = await prisma.$queryRaw<{ submissionId: string; categoryId: string; ap: number; numGt: number }[]>`
    SELECT "submissionId", "categoryId", ap, "numGt" FROM "ClassScore"
    WHERE "submissionId" = ANY(${submissionIds}::text[]) AND split = ${toDbSplit(split)}::"Split"`;
  for (const r of rows) {
    let m = out.get(r.submissionId);
    if (!m) out.set(r.submissionId, (m = new Map<string, number | null>()));
    m.set(r.categoryId, cellValue(r.ap, r.numGt));
  }
  return out;
}

/** One class's AP for the given submissions (e.g. every ranked entry, to sort or rank by that class). */
export async function loadClassColumn(submissionIds: string[], split: SplitName, categoryId: string): Promise<Map<string, number | null>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ submissionId: string; ap: number; numGt: number }[]>`
    SELECT "submissionId", ap, "numGt" FROM "ClassScore"
    WHERE "submissionId" = ANY(${submissionIds}::text[]) AND split = ${toDbSplit(split)}::"Split"
      AND "categoryId" = ${categoryId}`;
  return new Map(rows.map((r) => [r.submissionId, cellValue(r.ap, r.numGt)]));
}
