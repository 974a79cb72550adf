import type { CategoryInfo, ClassIntervals, MatrixRow } from "@/lib/leaderboard";
import { heatClass } from "./cividis";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A column of the heatmap: the class and where its AP sits in each row's `cells`. */
export type MatrixColumn = { category: CategoryInfo; index: number };

/** A class's AP interval as a tooltip shows it; null when not computed (or undefined in every replicate). */
export type CellInterval = { level: number; low: number; high: number } | null;

/**
 * What a cell's tooltip says: team, class, AP, the class's ground-truth count in the split and, once the
 * bootstrap is computed, the AP's percentile interval.
 */
export function cellTitle(team: string, category: CategoryInfo, ap: number | null, split: string, interval: CellInterval = null): string {
  if (ap === null) return `${team} · ${category.name}: no ground truth in the ${split} split (AP undefined)`;
  const ci = interval ? ` · ${+(interval.level * 100).toFixed(2)}% interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)}` : "";
  return `${team} · ${category.name}: AP ${ap.toFixed(3)}${ci} · ${category.gtInSplit} GT instance${category.gtInSplit === 1 ? "" : "s"}`;
}

/** Entry `submissionId`'s interval of class `cocoId`'s AP, from the loaded per-class intervals. */
export function classInterval(intervals: ClassIntervals | null | undefined, submissionId: string, cocoId: number): CellInterval {
  const pair = intervals?.bySubmission.get(submissionId)?.[String(cocoId)]?.ap;
  return intervals && pair ? { level: intervals.level, low: pair[0], high: pair[1] } : null;
}

function cellHtml(team: string, column: MatrixColumn, ap: number | null, split: string, interval: CellInterval = null): string {
  const title = escapeHtml(cellTitle(team, column.category, ap, split, interval));
  return ap === null ? `<td title="${title}">—</td>` : `<td class="${heatClass(ap)}" title="${title}">${(ap * 100).toFixed(1)}</td>`;
}

function teamHtml(r: MatrixRow, base: string, linkable: boolean): string {
  const name = escapeHtml(r.team.name);
  return linkable ? `<a href="${escapeHtml(base + encodeURIComponent(r.submissionId))}">${name}</a>` : name;
}

/**
 * The heatmap's rows (one per team) as one HTML string. With 50 teams x 80 classes a React element
 * per cell would be serialized twice (HTML and the RSC payload) at several times the size; a string
 * costs its length twice at most. Every interpolated text is escaped.
 */
export function matrixBodyHtml(
  rows: MatrixRow[],
  slug: string,
  columns: MatrixColumn[],
  linkable: (row: MatrixRow) => boolean,
  split: string,
  intervals?: ClassIntervals | null,
): string {
  if (rows.length === 0) return `<tr><td colspan="${columns.length + 2}" class="mb-left mb-muted">No scored submissions yet.</td></tr>`;
  const base = `/c/${encodeURIComponent(slug)}/submissions/`;
  return rows
    .map((r) => {
      const cells = columns
        .map((c) => cellHtml(r.team.name, c, r.cells[c.index], split, classInterval(intervals, r.submissionId, c.category.cocoId)))
        .join("");
      const badge = r.isBaseline ? '<span class="mb-badge">baseline</span>' : "";
      return (
        `<tr${r.isBaseline ? ' class="mb-baseline"' : ""}><td>${r.rank ?? "—"}</td>` +
        `<td class="mb-left">${teamHtml(r, base, linkable(r))}${badge}</td>${cells}</tr>`
      );
    })
    .join("");
}

/**
 * The same matrix turned a quarter: one row per class (name, ground-truth count, mean over teams),
 * one column per team. With 80 classes and a handful of teams this is the readable way round.
 */
export function classRowsBodyHtml(
  rows: MatrixRow[],
  columns: MatrixColumn[],
  means: (number | null)[],
  split: string,
  intervals?: ClassIntervals | null,
): string {
  if (columns.length === 0) return `<tr><td colspan="${rows.length + 3}" class="mb-left mb-muted">No class matches.</td></tr>`;
  return columns
    .map((c) => {
      const mean = means[c.index];
      const cells = rows
        .map((r) => cellHtml(r.team.name, c, r.cells[c.index], split, classInterval(intervals, r.submissionId, c.category.cocoId)))
        .join("");
      return (
        `<tr><th scope="row" class="mb-left">${escapeHtml(c.category.name)}</th><td>${c.category.gtInSplit}</td>` +
        `<td title="${escapeHtml(`Mean AP over ranked teams on ${c.category.name}`)}">${mean === null ? "—" : (mean * 100).toFixed(1)}</td>${cells}</tr>`
      );
    })
    .join("");
}
