import Link from "next/link";
import {
  definedMetricKeys,
  describeMetric,
  formatMetric,
  groupBand,
  metricLabel,
  naturalDirection,
  statisticsView,
  type LeaderboardRow,
  type MetricKey,
  type MetricProtocol,
  type SortColumn,
  type SortSpec,
  type StatisticsView,
} from "@/lib/leaderboard";
import { IntervalWhisker } from "./interval-whisker";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { SortHeader } from "./sort-header";
import { formatDate } from "./query";

// Columns the protocol defines (definedMetricKeys): COCO's AR100, or an LVIS family's frequency groups
// and its single AR (ar1: AR@300 or AR@10000/cat); mIoU when the organizers added it.
const METRIC_COLUMNS: (MetricKey & SortColumn)[] = [
  "ap",
  "ap50",
  "ap75",
  "apSmall",
  "apMedium",
  "apLarge",
  "apRare",
  "apCommon",
  "apFrequent",
  "ar1",
  "ar100",
  "miou",
];

function Move({ move }: { move: number | null }) {
  if (move === null)
    return (
      <span className="mb-muted" title="No public rank">
        new
      </span>
    );
  if (move === 0) return <span className="mb-muted">=</span>;
  return move > 0 ? (
    <span className="mb-move-up" title={`${move} places up from the public ranking`}>
      ▲{move}
    </span>
  ) : (
    <span className="mb-move-down" title={`${-move} places down from the public ranking`}>
      ▼{-move}
    </span>
  );
}

/** The overall leaderboard table. When `sortable` is false (overview page) the headers are plain. */
export function OverallTable(props: {
  rows: LeaderboardRow[];
  slug: string;
  primaryLabel: string;
  /** The phase's protocol: only the metrics it defines get a column (no AP75 column of dashes for IoU 0.50 alone). */
  protocol: MetricProtocol;
  showMove: boolean;
  ownTeamId: string | null;
  /** Link rows to their submission pages (public when the challenge allows it; always for the own team). */
  linkSubmissions: boolean;
  sort?: SortSpec;
  query?: Record<string, string>;
  basePath?: string;
  /** Tied groups and the whiskers' axis over every row of the ranking (defaults to `rows`: all of them). */
  statistics?: StatisticsView;
}) {
  const stats = props.statistics ?? statisticsView(props.rows);
  const showIntervals = props.rows.some((r) => r.ci !== null);
  const level = props.rows.find((r) => r.ci)?.ci?.level ?? 0.95;
  // Bands only make sense in ranking order.
  const rankOrder = !props.sort || props.sort.column === "rank";
  const header = (column: SortColumn, label: string, title?: string, className?: string) =>
    props.sort && props.query && props.basePath ? (
      <SortHeader
        key={column}
        column={column}
        label={label}
        title={title}
        className={className}
        current={props.sort}
        naturalDirection={naturalDirection(column)}
        query={props.query}
        basePath={props.basePath}
      />
    ) : (
      <th key={column} scope="col" className={className} title={title}>
        {label}
      </th>
    );
  // The primary metric has its own column: don't repeat it (COCO's default ranks by AP).
  const defined = definedMetricKeys(props.protocol);
  const lvis = props.protocol.metric === "LVIS" || props.protocol.metric === "LVIS_FIXED";
  const metricColumns = METRIC_COLUMNS.filter((key) => defined.has(key) && (key !== "ar1" || lvis))
    .map((key) => ({ key, label: metricLabel(key, props.protocol), title: describeMetric(key, props.protocol) }))
    .filter((c) => c.label !== props.primaryLabel);
  return (
    <ScrollTable label="Leaderboard" sticky={2}>
      <table className="mb-table" data-testid="overall-leaderboard">
        <thead>
          <tr>
            {header("rank", "Rank")}
            {header("team", "Team", undefined, "mb-left")}
            {props.showMove ? (
              <th scope="col" title="Places moved relative to the public ranking">
                Move
              </th>
            ) : null}
            {header("primary", props.primaryLabel, "The primary metric: teams are ranked by it")}
            {showIntervals ? (
              <th scope="col" title={`Bootstrap percentile interval of ${props.primaryLabel} (docs/statistics.md)`}>
                {`${+(level * 100).toFixed(2)}% interval`}
              </th>
            ) : null}
            {metricColumns.map((c) => header(c.key, c.label, c.title))}
            {header("entries", "Entries", "Scored submissions of the team in this phase")}
            {header("date", "Date", "When the ranked entry was submitted")}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={14} className="mb-left mb-muted">
                No scored submissions yet. Rows appear here as soon as the first submission is scored.
              </td>
            </tr>
          ) : null}
          {props.rows.map((r) => {
            const band = groupBand(r, stats);
            const className = [
              r.isBaseline ? "mb-baseline" : r.team.id && r.team.id === props.ownTeamId ? "mb-own" : "",
              band && rankOrder ? `mb-tied mb-tied-${band.group % 2 ? "odd" : "even"}` : "",
            ]
              .filter(Boolean)
              .join(" ");
            return (
              <tr key={r.submissionId} className={className || undefined} data-rank-group={r.rankGroup ?? undefined}>
                <td title={r.rankGroup === null ? undefined : `Tied rank group ${r.rankGroup}`}>{r.rank ?? "—"}</td>
                <td className="mb-left">
                  {props.linkSubmissions || (r.team.id !== null && r.team.id === props.ownTeamId) ? (
                    <Link href={`/c/${encodeURIComponent(props.slug)}/submissions/${encodeURIComponent(r.submissionId)}`}>
                      {r.team.name}
                    </Link>
                  ) : (
                    r.team.name
                  )}
                  {r.isBaseline ? <span className="mb-badge">baseline</span> : null}
                  {band && !band.leads ? <span className="mb-tied-label">{band.label}</span> : null}
                </td>
                {props.showMove ? <td>{r.isBaseline ? "" : <Move move={r.move} />}</td> : null}
                <td className="mb-primary">{formatMetric(r.primary)}</td>
                {showIntervals ? (
                  <td>
                    <IntervalWhisker row={r} scale={stats.scale} />
                  </td>
                ) : null}
                {metricColumns.map((c) => (
                  <td key={c.key}>{formatMetric(r.metrics[c.key])}</td>
                ))}
                <td>{r.isBaseline ? "" : r.entries}</td>
                <td>{formatDate(r.submittedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}
