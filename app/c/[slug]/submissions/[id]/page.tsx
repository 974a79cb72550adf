import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { readNotice } from "@/lib/notices";
import { AuthError } from "@/lib/auth/errors";
import { cache } from "react";
import {
  COCO_METRIC_PROTOCOL,
  definedMetricKeys,
  describeMetric,
  formatMetric,
  METRIC_KEYS,
  METRIC_LABELS,
  type MetricKey,
  type MetricProtocol,
} from "@/lib/leaderboard";
import { loadSubmissionView, type SplitResult, type SubmissionView } from "@/lib/leaderboard/submission-view";
import {
  loadPairedStatistics,
  loadVisibleIntervals,
  type PairedDifference,
  type PairedStatistics,
  type SplitIntervals,
} from "@/lib/statistics/submission-statistics";
import type { Interval } from "@/lib/statistics/intervals";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { PrChart, type CurveSet } from "@/app/_components/leaderboard/pr-chart";
import { TideChart, tideScale, tideStateText } from "@/app/_components/leaderboard/tide-chart";
import { loadTideBreakdown } from "@/lib/submissions/tide-breakdown";
import { first, formatDate } from "@/app/_components/leaderboard/query";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { QueuePlace } from "@/app/_components/queue-place";
import { queueInfo } from "@/lib/submissions/status";
import { ProblemList } from "@/app/_components/problem-list";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { cancelFromPageAction } from "./actions";

type Props = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Shared by generateMetadata and the page within one request.
const viewOrNull = cache(async (slug: string, id: string): Promise<SubmissionView | null> => {
  try {
    return await loadSubmissionView(await getViewer(), slug, id);
  } catch (err) {
    if (err instanceof AuthError) return null;
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const view = await viewOrNull(slug, id);
  if (!view) return { title: "Submission not found" };
  const when = view.submission.createdAt.toISOString().slice(0, 16).replace("T", " ");
  return { title: `${view.submission.team.name}, ${when} UTC · ${view.context.phase.name} · ${view.context.challenge.title}` };
}

function StatusBadge({ status }: { status: string }) {
  const cls = status === "FINISHED" ? "mb-badge-ok" : status === "FAILED" || status === "CANCELLED" ? "mb-badge-bad" : "mb-badge-run";
  return <span className={`mb-badge ${cls}`}>{status.toLowerCase()}</span>;
}

const formatInterval = (ci: Interval | undefined) => (ci ? `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : "—");
const formatSigned = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
const percentOf = (level: number) => `${+(level * 100).toPrecision(12)}%`;

function MetricTiles({
  result,
  primaryLabel,
  protocol,
  split,
  intervals,
}: {
  result: SplitResult;
  primaryLabel: string;
  protocol: MetricProtocol;
  split: "public" | "private";
  intervals: SplitIntervals | undefined;
}) {
  const defined = definedMetricKeys(protocol);
  const interval = (ci: Interval | undefined, key: string) =>
    intervals ? (
      <div className="mb-metric-ci" data-testid={`ci-${split}-${key}`}>
        {formatInterval(ci)}
      </div>
    ) : null;
  return (
    <>
      <div className="mb-metrics">
        <div className="mb-metric">
          <div className="mb-metric-label">{primaryLabel} (primary)</div>
          <div className="mb-metric-value">{formatMetric(result.primary)}</div>
          {interval(intervals?.primary, "primary")}
        </div>
        {METRIC_KEYS.filter((k) => METRIC_LABELS[k] !== primaryLabel && defined.has(k)).map((k) => (
          <div className="mb-metric" key={k} title={describeMetric(k, protocol)}>
            <div className="mb-metric-label">{METRIC_LABELS[k]}</div>
            <div className="mb-metric-value">{formatMetric(result.metrics[k])}</div>
            {interval(intervals?.stats[k], k)}
          </div>
        ))}
      </div>
      {intervals ? (
        <p className="mb-muted">
          [low, high]: the {percentOf(intervals.level)} bootstrap percentile interval over {intervals.replicates} resamplings of the
          split&apos;s images.
        </p>
      ) : null}
    </>
  );
}

/** The paired difference of the primary metric, in words. */
function PairedPrimary({ paired, label, first, second }: { paired: PairedStatistics; label: string; first: string; second: string }) {
  if (paired.status === "pending")
    return <p className="mb-muted">The paired interval appears once both submissions&apos; bootstrap is computed.</p>;
  if (paired.status === "unpaired") return <p className="mb-muted">No paired interval: {paired.reason}.</p>;
  const d: PairedDifference | null = paired.primary;
  if (!d) return <p className="mb-muted">No paired interval: {label} is undefined for one of them.</p>;
  const tied = d.ci !== null && d.ci[0] <= 0 && d.ci[1] >= 0;
  return (
    <p className="mb-note" data-testid="paired-primary">
      {label}: {first} − {second} = <strong>{formatSigned(d.delta)}</strong>, {percentOf(paired.level)} paired interval{" "}
      {formatInterval(d.ci ?? undefined)}
      {d.fractionBetter !== null
        ? `; ${first} scores higher in ${(d.fractionBetter * 100).toFixed(1)}% of ${paired.replicates} resamplings`
        : ""}
      . {tied ? "The interval contains 0: statistically tied." : "The interval excludes 0: a real difference at this level."}
    </p>
  );
}

export default async function SubmissionPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const view = await viewOrNull(slug, id);
  if (!view) notFound();
  const compareId = first(sp.compare)?.trim();
  const other = compareId ? await viewOrNull(slug, compareId) : null;
  const compare = other && other.context.phase.id === view.context.phase.id ? other : null;
  const split = first(sp.split) === "private" && view.scores.private ? "private" : "public";
  const result = view.scores[split];
  const otherResult = compare?.scores[split];
  const [intervals, paired] = await Promise.all([
    loadVisibleIntervals(view),
    compare ? loadPairedStatistics(view, compare, split) : Promise.resolve(null),
  ]);
  const { submission: s, context } = view;
  const queue = s.status === "QUEUED" ? await queueInfo(s.id) : null;
  const primaryLabel = context.evalConfig?.primaryMetric ?? "AP";
  const protocol = context.evalConfig ?? COCO_METRIC_PROTOCOL;
  const defined = definedMetricKeys(protocol);
  const tableKeys = (["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar100"] as MetricKey[]).filter((k) => defined.has(k));
  // A signed notice from the cancel action (lib/notices.ts): query text the server did not write is not shown.
  const error = readNotice(await getViewer(), "error", first(sp.error));
  const classes = result?.perClass ?? [];
  const requested = first(sp.class);
  const chosen = classes.find((c) => String(c.cocoId) === requested) ?? classes.find((c) => c.numGt > 0) ?? classes[0];
  const otherChosen = chosen ? otherResult?.perClass.find((c) => c.cocoId === chosen.cocoId) : undefined;
  const selfPath = `/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(s.id)}`;
  const link = (extra: Record<string, string>) => {
    const q = new URLSearchParams({
      ...(compare ? { compare: compare.submission.id } : {}),
      split,
      ...(chosen ? { class: String(chosen.cocoId) } : {}),
      ...extra,
    });
    return `${selfPath}?${q.toString()}`;
  };
  // TIDE is of the public split only: whoever sees this page (and the compared one) may see it.
  const [tide, otherTide] = await Promise.all([loadTideBreakdown(s.id), compare ? loadTideBreakdown(compare.submission.id) : null]);
  const tideCharts = [
    { id: "tide-this", label: s.team.name, breakdown: tide },
    ...(compare ? [{ id: "tide-other", label: compare.submission.team.name, breakdown: otherTide }] : []),
  ];
  const scale = tideScale(tideCharts.flatMap((c) => (c.breakdown?.status === "done" ? [c.breakdown] : [])));
  const sets: CurveSet[] = [];
  if (chosen?.prCurves) sets.push({ label: s.team.name, curves: chosen.prCurves });
  if (otherChosen?.prCurves && compare) sets.push({ label: compare.submission.team.name, curves: otherChosen.prCurves, dashed: true });

  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={slug}
        title={context.challenge.title}
        active="submission"
        showMySubmissions={view.facts.participantTeamId !== null}
        phaseQuery={context.phase.slug}
      />
      <h2>
        {s.team.name} <StatusBadge status={s.status} />
        {s.isBaseline ? <span className="mb-badge">baseline</span> : null}
        {s.selectedForFinal ? <span className="mb-badge">final entry</span> : null}
        {s.isLate ? (
          <span className="mb-badge" title="Submitted after the phase's end: scored, never ranked">
            late
          </span>
        ) : null}
      </h2>
      <AutoRefresh
        active={s.status === "QUEUED" || s.status === "RUNNING" || tide?.status === "pending"}
        label="This page updates while the submission is evaluated"
      />
      {error ? (
        <p className="mb-note mb-warn" role="alert">
          {error}
        </p>
      ) : null}
      {s.isLate ? (
        <p className="mb-note">A late submission (after the phase&apos;s end): scored and shown to its team, never ranked.</p>
      ) : null}
      {view.canCancel ? (
        <form action={cancelFromPageAction} className="mb-inline mb-cancel-form">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="submission" value={s.id} />
          {view.isOrganizer ? (
            <label>
              Reason (shown to the team) <input name="reason" maxLength={500} placeholder="e.g. duplicate upload" />
            </label>
          ) : null}
          <button type="submit" className="danger">
            Cancel this submission
          </button>
        </form>
      ) : null}
      <dl className="mb-facts">
        <dt>Phase</dt>
        <dd>{context.phase.name}</dd>
        <dt>Submitted</dt>
        <dd>{formatDate(s.createdAt)}</dd>
        <dt>File</dt>
        <dd>
          {view.canDownload ? (
            <a href={`/api/v1/submissions/${encodeURIComponent(s.id)}/file`} download>
              {s.originalFilename}
            </a>
          ) : (
            s.originalFilename
          )}
        </dd>
        {s.finishedAt ? (
          <>
            <dt>Evaluated</dt>
            <dd>{formatDate(s.finishedAt)}</dd>
          </>
        ) : null}
        {s.description ? (
          <>
            <dt>Description</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
        <dt>Public rank</dt>
        <dd>{view.publicRank ?? "— (not the team's ranked entry)"}</dd>
        <dt>Protocol</dt>
        <dd>
          v{s.evalConfigVersion ?? "—"}
          {s.evaluatorVersion ? ` · evaluator ${s.evaluatorVersion}` : ""}
        </dd>
      </dl>
      {view.isOutdated ? (
        <p className="mb-note mb-warn">
          These scores were computed with an older version of the evaluation protocol (v{s.evalConfigVersion}; current v
          {context.evalConfig?.version}); they do not count on the leaderboard until the submission is re-evaluated.
        </p>
      ) : null}
      {queue ? (
        <div className="mb-note">
          <QueuePlace place={queue} />
        </div>
      ) : null}
      {s.status === "FAILED" ? (
        <div className="mb-note mb-warn">
          <strong>Failed.</strong> <ProblemList message={s.errorMessage ?? "no reason recorded"} code={s.errorCode} />
        </div>
      ) : null}
      {s.status === "CANCELLED" ? (
        <p className="mb-note mb-warn" data-testid="cancelled-by">
          {s.errorMessage ?? `Cancelled${s.cancelledBy ? ` by ${s.cancelledBy}` : ""}.`}
        </p>
      ) : null}

      {view.scores.public ? (
        <section>
          <h3>Public split</h3>
          <MetricTiles
            result={view.scores.public}
            primaryLabel={primaryLabel}
            protocol={protocol}
            split="public"
            intervals={intervals.public}
          />
        </section>
      ) : null}
      {view.scores.private ? (
        <section>
          <h3>Private split</h3>
          <MetricTiles
            result={view.scores.private}
            primaryLabel={primaryLabel}
            protocol={protocol}
            split="private"
            intervals={intervals.private}
          />
        </section>
      ) : view.privateHidden ? (
        <p className="mb-note">Private-split scores appear here once the organizers release the private split.</p>
      ) : null}

      {tide ? (
        <section aria-labelledby="tide-title" data-testid="tide-section">
          <h3 id="tide-title">Error analysis (TIDE, public split)</h3>
          <p className="mb-muted mb-small">
            How many AP points at IoU 0.5 each kind of error costs (Bolya et al., ECCV 2020): fix every error of a type and AP50 rises by
            its bar.
            {compare ? " Both submissions on one scale." : ""}
          </p>
          <div className="mb-tide-pair">
            {tideCharts.map((c) =>
              c.breakdown?.status === "done" ? (
                <TideChart key={c.id} id={c.id} label={c.label} breakdown={c.breakdown} scale={scale} />
              ) : (
                <p key={c.id} className="mb-note" data-testid="tide-state">
                  {compare ? `${c.label}: ` : ""}
                  {c.breakdown ? tideStateText(c.breakdown) : "No TIDE analysis for this submission."}
                </p>
              ),
            )}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="compare-title">
        <h3 id="compare-title">Compare</h3>
        <form method="get" action={selfPath} className="mb-inline">
          <input type="hidden" name="split" value={split} />
          {chosen ? <input type="hidden" name="class" value={String(chosen.cocoId)} /> : null}
          <label>
            Compare with{" "}
            <select name="compare" defaultValue={compare?.submission.id ?? ""} data-testid="compare-picker">
              <option value="">— pick a submission —</option>
              {(["Your team", "Leaderboard"] as const).map((group) => {
                const options = view.compareOptions.filter((o) => o.group === group);
                return options.length === 0 ? null : (
                  <optgroup key={group} label={group}>
                    {options.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </label>
          <button type="submit" disabled={view.compareOptions.length === 0}>
            Compare
          </button>
        </form>
        {compareId && !compare ? (
          <p className="mb-note mb-warn">Submission &ldquo;{compareId}&rdquo; is not visible to you or is from another phase.</p>
        ) : null}
        {compare && paired ? (
          <PairedPrimary paired={paired} label={primaryLabel} first={s.team.name} second={compare.submission.team.name} />
        ) : null}
        {compare && result && otherResult ? (
          <ScrollTable label="Comparison" sticky={1} className="mb-mt">
            <table className="mb-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col" className="mb-left">
                    Metric ({split})
                  </th>
                  <th scope="col">{s.team.name}</th>
                  <th scope="col">
                    <Link href={`/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(compare.submission.id)}`}>
                      {compare.submission.team.name}
                    </Link>
                  </th>
                  <th scope="col">Difference</th>
                  {paired?.status === "paired" ? <th scope="col">{percentOf(paired.level)} paired interval</th> : null}
                </tr>
              </thead>
              <tbody>
                {METRIC_KEYS.filter((k) => defined.has(k)).map((k) => {
                  const a = result.metrics[k];
                  const b = otherResult.metrics[k];
                  return (
                    <tr key={k}>
                      <td className="mb-left">{METRIC_LABELS[k]}</td>
                      <td>{formatMetric(a)}</td>
                      <td>{formatMetric(b)}</td>
                      <td>{a !== null && b !== null ? `${a - b >= 0 ? "+" : ""}${(a - b).toFixed(3)}` : "—"}</td>
                      {paired?.status === "paired" ? (
                        <td data-testid={`paired-ci-${k}`}>{formatInterval(paired.stats[k]?.ci ?? undefined)}</td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        ) : null}
      </section>

      {result ? (
        <section aria-labelledby="pr-title">
          <h3 id="pr-title">Precision–recall curves{chosen ? `: ${chosen.name}` : ""}</h3>
          {view.scores.private ? (
            <div className="mb-pills">
              <span className="mb-pills-label">Split</span>
              <Link href={link({ split: "public" })} aria-current={split === "public" ? "true" : undefined}>
                Public
              </Link>
              <Link href={link({ split: "private" })} aria-current={split === "private" ? "true" : undefined}>
                Private
              </Link>
            </div>
          ) : null}
          <nav className="mb-class-picker" aria-label="Pick a class" data-testid="pr-class-picker">
            {classes.map((c) => (
              <Link key={c.cocoId} href={link({ class: String(c.cocoId) })} aria-current={c.cocoId === chosen?.cocoId ? "true" : undefined}>
                {c.name}
              </Link>
            ))}
          </nav>
          {chosen && sets.length > 0 ? (
            <PrChart
              title={`Precision–recall curves of ${chosen.name} (${split} split)`}
              sets={sets}
              iouThresholds={protocol.iouThresholds}
            />
          ) : (
            <p className="mb-muted">
              {chosen && chosen.numGt === 0
                ? "This class has no ground truth in this split: no curve."
                : "No curves recorded for this class."}
            </p>
          )}
        </section>
      ) : null}

      {result ? (
        <section aria-labelledby="classes-title">
          <h3 id="classes-title">Per class ({split} split)</h3>
          <ScrollTable label="Per class" sticky={1}>
            <table className="mb-table" data-testid="per-class-table">
              <thead>
                <tr>
                  <th scope="col" className="mb-left">
                    Class
                  </th>
                  <th scope="col">GT</th>
                  <th scope="col">Detections</th>
                  {tableKeys.map((k) => (
                    <th scope="col" key={k}>
                      {METRIC_LABELS[k]}
                    </th>
                  ))}
                  {otherResult ? <th scope="col">AP of {compare?.submission.team.name}</th> : null}
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => {
                  const o = otherResult?.perClass.find((x) => x.cocoId === c.cocoId);
                  return (
                    <tr key={c.cocoId}>
                      <td className="mb-left">
                        <Link href={link({ class: String(c.cocoId) })}>{c.name}</Link>
                      </td>
                      <td>{c.numGt}</td>
                      <td>{c.numDt}</td>
                      {tableKeys.map((k) => (
                        <td key={k}>{formatMetric(c.metrics[k])}</td>
                      ))}
                      {otherResult ? <td>{formatMetric(o?.metrics.ap)}</td> : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      ) : null}
    </div>
  );
}
