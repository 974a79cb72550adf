import type { TideBreakdown } from "@/lib/submissions/tide-breakdown";

/** What each of TIDE's error types is, in the words of the paper (Bolya et al., ECCV 2020). */
export const TIDE_ERROR_NAMES: Record<string, string> = {
  Cls: "Classification: right place, wrong class",
  Loc: "Localization: right class, IoU 0.1–0.5",
  Both: "Both: wrong class and poorly localized",
  Dupe: "Duplicate of a matched object",
  Bkg: "Background: IoU < 0.1 with every object",
  Miss: "Missed: an object never detected",
  FalsePos: "All false positives",
  FalseNeg: "All false negatives",
};

type Row = { key: string; dAP: number; count: number | null };

const errors = (n: number) => `${n} error${n === 1 ? "" : "s"}`;

function rowsOf(b: TideBreakdown): Row[] {
  if (!b.mainErrors || !b.specialErrors) return [];
  return [
    ...Object.entries(b.mainErrors).map(([key, dAP]) => ({ key, dAP, count: b.errorCounts?.[key as keyof typeof b.errorCounts] ?? null })),
    ...Object.entries(b.specialErrors).map(([key, dAP]) => ({ key, dAP, count: null })),
  ];
}

/** One scale for charts shown side by side: the largest dAP among them, rounded up to a whole 5 (at least 5). */
export function tideScale(breakdowns: readonly TideBreakdown[]): number {
  const largest = Math.max(0, ...breakdowns.flatMap((b) => rowsOf(b).map((r) => r.dAP)));
  return Math.max(5, Math.ceil(largest / 5) * 5);
}

const W = 360;
const LABEL_W = 64;
const VALUE_W = 92;
const ROW_H = 24;
const TOP = 22;
const GAP = 10; // between the six main errors and the two special ones
const barX = LABEL_W;
const barW = W - LABEL_W - VALUE_W;

/**
 * dAP per TIDE error type as a horizontal bar chart (server-rendered SVG, no JavaScript): the six main
 * errors with their counts, then FalsePos and FalseNeg. Every number is text in the chart and in its
 * description; `scale` is the dAP at the right end of the bars (the same for charts compared).
 */
export function TideChart(props: { id: string; label: string; breakdown: TideBreakdown; scale: number }) {
  const { breakdown: b, scale } = props;
  const rows = rowsOf(b);
  const y = (i: number) => TOP + i * ROW_H + (i >= 6 ? GAP : 0);
  const H = y(rows.length) + 8;
  const title = `TIDE error analysis of ${props.label}: AP lost to each error type (dAP at IoU 0.5, public split, ${b.mode === "bbox" ? "boxes" : "masks"})`;
  const desc =
    `AP50 ${b.ap50?.toFixed(2)}. ` +
    rows.map((r) => `${TIDE_ERROR_NAMES[r.key]}: dAP ${r.dAP.toFixed(2)}${r.count === null ? "" : ` (${errors(r.count)})`}`).join("; ") +
    ".";
  const ticks = [0, scale / 2, scale];
  return (
    <figure className="mb-chart mb-tide" data-testid="tide-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`}>
        <title id={`${props.id}-title`}>{title}</title>
        <desc id={`${props.id}-desc`}>{desc}</desc>
        <g className="mb-chart-grid">
          {ticks.map((t) => (
            <line key={t} x1={barX + (t / scale) * barW} x2={barX + (t / scale) * barW} y1={TOP - 4} y2={H - 6} />
          ))}
        </g>
        <g className="mb-chart-axis">
          {ticks.map((t) => (
            <text key={t} x={barX + (t / scale) * barW} y={TOP - 8} textAnchor="middle">
              {t}
            </text>
          ))}
        </g>
        {rows.map((r, i) => (
          <g key={r.key} data-error={r.key}>
            <title>{`${TIDE_ERROR_NAMES[r.key]}: dAP ${r.dAP.toFixed(2)}${r.count === null ? "" : `, ${errors(r.count)}`}`}</title>
            <text x={LABEL_W - 6} y={y(i) + ROW_H / 2 + 4} textAnchor="end" className="mb-tide-label">
              {r.key}
            </text>
            <rect
              x={barX}
              y={y(i) + 4}
              width={Math.max(0, (Math.min(r.dAP, scale) / scale) * barW)}
              height={ROW_H - 8}
              fill={i < 6 ? "#0072B2" : "#D55E00"}
            />
            <text x={barX + barW + 6} y={y(i) + ROW_H / 2 + 4} className="mb-tide-value">
              {`${r.dAP.toFixed(2)}${r.count === null ? "" : ` (${r.count})`}`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {`${props.label}: AP50 ${b.ap50?.toFixed(2)}. Bars: AP points gained if every error of the type were fixed; in brackets, how many errors.`}
      </figcaption>
    </figure>
  );
}

/** The analysis's state when there is no chart to draw (pending, skipped, failed), as a sentence. */
export function tideStateText(b: TideBreakdown): string {
  if (b.status === "pending") return "The TIDE error analysis is being computed; it appears here shortly.";
  return b.message ?? (b.status === "skipped" ? "This submission was not analysed." : "The TIDE error analysis failed.");
}
