import type { CategoryInfo } from "@/lib/leaderboard";
import type { MatrixColumn } from "./matrix-body";

/**
 * The heatmap's columns whose class name or supercategory contains `query` (case-insensitive);
 * several terms separated by commas match any of them ("car, bus"). An empty query keeps every class.
 */
export function filterClasses(categories: CategoryInfo[], query: string): MatrixColumn[] {
  const terms = query
    .toLowerCase()
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const all = categories.map((category, index) => ({ category, index }));
  if (terms.length === 0) return all;
  return all.filter(({ category }) => {
    const name = category.name.toLowerCase();
    const group = category.supercategory.toLowerCase();
    return terms.some((t) => name.includes(t) || group.includes(t));
  });
}
