import type { MatrixRow } from "@/lib/leaderboard";
import { heatClass } from "./cividis";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The heatmap's rows as one HTML string. With 50 teams x 80 classes a React element per cell
 * would be serialized twice (HTML and the RSC payload) at several times the size; a string
 * costs its length twice at most. Every interpolated text is escaped.
 */
export function matrixBodyHtml(rows: MatrixRow[], slug: string, columns: number, linkable: (row: MatrixRow) => boolean): string {
  if (rows.length === 0) return `<tr><td colspan="${columns + 2}" class="mb-left mb-muted">No scored submissions yet.</td></tr>`;
  const base = `/c/${encodeURIComponent(slug)}/submissions/`;
  return rows
    .map((r) => {
      const cells = r.cells.map((v) => (v === null ? "<td>—</td>" : `<td class="${heatClass(v)}">${(v * 100).toFixed(1)}</td>`)).join("");
      const badge = r.isBaseline ? '<span class="mb-badge">baseline</span>' : "";
      return (
        `<tr${r.isBaseline ? ' class="mb-baseline"' : ""}><td>${r.rank ?? "—"}</td>` +
        `<td class="mb-left">${
          linkable(r)
            ? `<a href="${escapeHtml(base + encodeURIComponent(r.submissionId))}">${escapeHtml(r.team.name)}</a>`
            : escapeHtml(r.team.name)
        }${badge}</td>${cells}</tr>`
      );
    })
    .join("");
}
