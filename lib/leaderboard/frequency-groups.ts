import { z } from "zod";
import type { ClassMatrix } from "./class-view";
import type { CategoryInfo } from "./types";

/** LVIS frequency groups in the order LVIS reports them (APr, APc, APf). */
export const FREQUENCIES = ["r", "c", "f"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type FrequencyFilter = Frequency | "all";

/** `?frequency=r|c|f|all`; anything else falls back to "all" (pages never fail on a bad link). */
export const frequencyFilterSchema = z.enum(["r", "c", "f", "all"]).catch("all");

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  r: "Rare (1-10 training images)",
  c: "Common (11-100 training images)",
  f: "Frequent (more than 100 training images)",
};

type WithFrequency = Pick<CategoryInfo, "frequency">;

function isFrequency(value: string | null | undefined): value is Frequency {
  return value === "r" || value === "c" || value === "f";
}

/** True when the phase's ground truth is LVIS-format: at least one class carries a frequency group. */
export function hasFrequencies(categories: readonly WithFrequency[]): boolean {
  return categories.some((c) => isFrequency(c.frequency));
}

/** Classes per group, plus "all" (every class, including any without a group). */
export function frequencyCounts(categories: readonly WithFrequency[]): Record<FrequencyFilter, number> {
  const counts = { r: 0, c: 0, f: 0, all: categories.length };
  for (const c of categories) if (isFrequency(c.frequency)) counts[c.frequency] += 1;
  return counts;
}

/** The items whose class is in `filter` ("all" keeps every item), order kept. */
export function filterByFrequency<T>(items: readonly T[], filter: FrequencyFilter, categoryOf: (item: T) => WithFrequency): T[] {
  if (filter === "all") return [...items];
  return items.filter((item) => categoryOf(item).frequency === filter);
}

export interface FrequencySection<T> {
  /** null: classes without a frequency group (last). */
  frequency: Frequency | null;
  items: T[];
}

/** Items split into sections r, c, f (then ungrouped), order kept inside each; empty sections left out. */
export function groupByFrequency<T>(items: readonly T[], categoryOf: (item: T) => WithFrequency): FrequencySection<T>[] {
  const sections: FrequencySection<T>[] = [...FREQUENCIES, null].map((frequency) => ({ frequency, items: [] }));
  for (const item of items) {
    const f = categoryOf(item).frequency;
    sections[isFrequency(f) ? FREQUENCIES.indexOf(f) : FREQUENCIES.length].items.push(item);
  }
  return sections.filter((s) => s.items.length > 0);
}

/** The matrix restricted to one frequency group's classes (cells and means follow the categories). */
export function filterMatrixByFrequency(matrix: ClassMatrix, filter: FrequencyFilter): ClassMatrix {
  if (filter === "all") return matrix;
  const keep = matrix.categories.flatMap((c, i) => (c.frequency === filter ? [i] : []));
  return {
    ...matrix,
    categories: keep.map((i) => matrix.categories[i]),
    means: keep.map((i) => matrix.means[i]),
    rows: matrix.rows.map((r) => ({ ...r, cells: keep.map((i) => r.cells[i]) })),
  };
}
