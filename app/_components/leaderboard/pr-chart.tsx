import type { PrCurves } from "@/lib/leaderboard/submission-view";

export interface CurveSet {
  label: string;
  curves: PrCurves;
  dashed?: boolean;
}

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
const SERIES = [
  { key: "iou50", label: "IoU 0.50", color: "#0072B2" },
  { key: "iou75", label: "IoU 0.75", color: "#D55E00" },
  { key: "mean", label: "mean over IoU thresholds", color: "#009E73" },
] as const;

const W = 460;
const H = 320;
const M = { left: 46, right: 16, top: 14, bottom: 40 };
const x = (r: number) => M.left + r * (W - M.left - M.right);
const y = (p: number) => H - M.bottom - p * (H - M.top - M.bottom);

const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;

/**
 * The curves a protocol has: IoU 0.50 and 0.75 when they are thresholds, the mean when there are
 * several thresholds (with one, the mean is that threshold's curve, shown as such if it is neither).
 */
export function seriesFor(iouThresholds: readonly number[]) {
  const named = iouThresholds.some((t) => near(t, 0.5) || near(t, 0.75));
  const mean =
    iouThresholds.length > 1
      ? `mean over ${iouThresholds.length} IoU thresholds`
      : !named && iouThresholds.length === 1
        ? `IoU ${iouThresholds[0].toFixed(2)}`
        : null;
  return SERIES.filter(
    (s) =>
      (s.key === "iou50" && iouThresholds.some((t) => near(t, 0.5))) ||
      (s.key === "iou75" && iouThresholds.some((t) => near(t, 0.75))) ||
      (s.key === "mean" && mean !== null),
  ).map((s) => (s.key === "mean" ? { ...s, label: mean! } : s));
}

/** Polyline points; COCOeval marks precision at unreachable recall with -1, which ends the curve. */
function points(recall: number[], precision: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < recall.length && i < precision.length; i++) {
    if (!(precision[i] >= 0)) break;
    out.push(`${x(recall[i]).toFixed(1)},${y(precision[i]).toFixed(1)}`);
  }
  return out.join(" ");
}

/** Precision-recall curves of one class as an SVG (rendered on the server, no JavaScript needed). */
export function PrChart(props: { title: string; sets: CurveSet[]; iouThresholds: readonly number[] }) {
  const series = seriesFor(props.iouThresholds);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return (
    <figure className="mb-chart" data-testid="pr-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={props.title}>
        <title>{props.title}</title>
        <g className="mb-chart-grid">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(1)} />
              <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} />
            </g>
          ))}
        </g>
        <g className="mb-chart-axis">
          {ticks.map((t) => (
            <g key={t}>
              <text x={x(t)} y={H - M.bottom + 16} textAnchor="middle">
                {t.toFixed(1)}
              </text>
              <text x={M.left - 8} y={y(t) + 4} textAnchor="end">
                {t.toFixed(1)}
              </text>
            </g>
          ))}
          <text x={(x(0) + x(1)) / 2} y={H - 6} textAnchor="middle">
            recall
          </text>
          <text x={12} y={(y(0) + y(1)) / 2} textAnchor="middle" transform={`rotate(-90 12 ${(y(0) + y(1)) / 2})`}>
            precision
          </text>
        </g>
        <rect x={x(0)} y={y(1)} width={x(1) - x(0)} height={y(0) - y(1)} fill="none" stroke="#9aa1ad" />
        {props.sets.map((set, si) =>
          series.map((s) => (
            <polyline
              key={`${si}-${s.key}`}
              data-series={s.key}
              points={points(set.curves.recall, set.curves[s.key])}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={set.dashed ? "6 4" : undefined}
            >
              <title>{`${set.label}: ${s.label}`}</title>
            </polyline>
          )),
        )}
      </svg>
      <figcaption>
        {series.map((s) => (
          <span key={s.key} style={{ marginRight: "0.9rem", whiteSpace: "nowrap" }}>
            <svg width="22" height="8" aria-hidden="true">
              <line x1="0" x2="22" y1="4" y2="4" stroke={s.color} strokeWidth="2" />
            </svg>{" "}
            {s.label}
          </span>
        ))}
        {props.sets.length > 1 ? (
          <span>
            · solid: {props.sets[0].label}; dashed: {props.sets[1].label}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
