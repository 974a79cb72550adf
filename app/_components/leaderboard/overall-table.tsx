import Link from "next/link";
import {
  definedMetricKeys,
  describeMetric,
  formatMetric,
  naturalDirection,
  type LeaderboardRow,
  type MetricKey,
  type MetricProtocol,
  type SortColumn,
  type SortSpec,
} from "@/lib/leaderboard";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { SortHeader } from "./sort-header";
import { formatDate } from "./query";

const METRIC_COLUMNS: { key: MetricKey & SortColumn; label: string }[] = [
  { key: "ap", label: "AP" },
  { key: "ap50", label: "AP50" },
  { key: "ap75", label: "AP75" },
  { key: "apSmall", label: "APs" },
  { key: "apMedium", label: "APm" },
  { key: "apLarge", label: "APl" },
  { key: "ar100", label: "AR100" },
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
}) {
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
  const metricColumns = METRIC_COLUMNS.filter((c) => c.label !== props.primaryLabel && defined.has(c.key)).map((c) => ({
    ...c,
    title: describeMetric(c.key, props.protocol),
  }));
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
            {metricColumns.map((c) => header(c.key, c.label, c.title))}
            {header("entries", "Entries", "Scored submissions of the team in this phase")}
            {header("date", "Date", "When the ranked entry was submitted")}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={13} className="mb-left mb-muted">
                No scored submissions yet. Rows appear here as soon as the first submission is scored.
              </td>
            </tr>
          ) : null}
          {props.rows.map((r) => (
            <tr
              key={r.submissionId}
              className={r.isBaseline ? "mb-baseline" : r.team.id && r.team.id === props.ownTeamId ? "mb-own" : undefined}
            >
              <td>{r.rank ?? "—"}</td>
              <td className="mb-left">
                {props.linkSubmissions || (r.team.id !== null && r.team.id === props.ownTeamId) ? (
                  <Link href={`/c/${encodeURIComponent(props.slug)}/submissions/${encodeURIComponent(r.submissionId)}`}>{r.team.name}</Link>
                ) : (
                  r.team.name
                )}
                {r.isBaseline ? <span className="mb-badge">baseline</span> : null}
              </td>
              {props.showMove ? <td>{r.isBaseline ? "" : <Move move={r.move} />}</td> : null}
              <td className="mb-primary">{formatMetric(r.primary)}</td>
              {metricColumns.map((c) => (
                <td key={c.key}>{formatMetric(r.metrics[c.key])}</td>
              ))}
              <td>{r.isBaseline ? "" : r.entries}</td>
              <td>{formatDate(r.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
