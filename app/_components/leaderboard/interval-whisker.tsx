import { formatMetric, type LeaderboardRow } from "@/lib/leaderboard";

const WIDTH = 120;
const HEIGHT = 16;
const PAD = 4;

/**
 * The primary metric's bootstrap interval as a whisker on the page's common axis (`scale`), with the
 * point estimate as a dot. Screen readers get the numbers (role img + label); so does the tooltip.
 */
export function IntervalWhisker({
  row,
  scale,
  focusable = false,
}: {
  row: Pick<LeaderboardRow, "ci" | "primary">;
  scale: [number, number] | null;
  /** Reachable with the keyboard, its numbers in a tooltip (the per-class ranking). */
  focusable?: boolean;
}) {
  const ci = row.ci;
  if (!ci)
    return (
      <span className="mb-muted" title="The interval is being computed">
        …
      </span>
    );
  if (ci.low === null || ci.high === null || !scale) return <span className="mb-muted">—</span>;
  const percent = `${+(ci.level * 100).toFixed(2)}%`;
  const text = `${percent} interval ${formatMetric(ci.low)} to ${formatMetric(ci.high)}${row.primary === null ? "" : `, point estimate ${formatMetric(row.primary)}`}`;
  const span = scale[1] - scale[0] || 1;
  const x = (v: number) => PAD + ((v - scale[0]) / span) * (WIDTH - 2 * PAD);
  return (
    <span
      className="mb-whisker"
      data-testid="ci-whisker"
      data-low={ci.low}
      data-high={ci.high}
      {...(focusable ? { tabIndex: 0, title: text } : {})}
    >
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={text}>
        <title>{text}</title>
        <line x1={x(ci.low)} x2={x(ci.high)} y1={HEIGHT / 2} y2={HEIGHT / 2} className="mb-whisker-line" />
        <line x1={x(ci.low)} x2={x(ci.low)} y1={3} y2={HEIGHT - 3} className="mb-whisker-line" />
        <line x1={x(ci.high)} x2={x(ci.high)} y1={3} y2={HEIGHT - 3} className="mb-whisker-line" />
        {row.primary === null ? null : <circle cx={x(row.primary)} cy={HEIGHT / 2} r={3} className="mb-whisker-point" />}
      </svg>
      <span className="mb-whisker-text">
        {formatMetric(ci.low)}–{formatMetric(ci.high)}
      </span>
    </span>
  );
}
