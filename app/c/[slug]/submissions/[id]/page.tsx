import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { AuthError } from "@/lib/auth/errors";
import { formatMetric, METRIC_KEYS, METRIC_LABELS } from "@/lib/leaderboard";
import { loadSubmissionView, type SplitResult, type SubmissionView } from "@/lib/leaderboard/submission-view";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { PrChart, type CurveSet } from "@/app/_components/leaderboard/pr-chart";
import { first, formatDate } from "@/app/_components/leaderboard/query";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { QueuePlace } from "@/app/_components/queue-place";
import { queueInfo } from "@/lib/submissions/status";

type Props = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Submission" };

async function viewOrNull(...args: Parameters<typeof loadSubmissionView>): Promise<SubmissionView | null> {
  try {
    return await loadSubmissionView(...args);
  } catch (err) {
    if (err instanceof AuthError) return null;
    throw err;
  }
}

function StatusBadge({ status }: { status: string }) {
  const cls = status === "FINISHED" ? "mb-badge-ok" : status === "FAILED" || status === "CANCELLED" ? "mb-badge-bad" : "mb-badge-run";
  return <span className={`mb-badge ${cls}`}>{status.toLowerCase()}</span>;
}

function MetricTiles({ result, primaryLabel }: { result: SplitResult; primaryLabel: string }) {
  return (
    <div className="mb-metrics">
      <div className="mb-metric">
        <div className="mb-metric-label">{primaryLabel} (primary)</div>
        <div className="mb-metric-value">{formatMetric(result.primary)}</div>
      </div>
      {METRIC_KEYS.filter((k) => METRIC_LABELS[k] !== primaryLabel).map((k) => (
        <div className="mb-metric" key={k}>
          <div className="mb-metric-label">{METRIC_LABELS[k]}</div>
          <div className="mb-metric-value">{formatMetric(result.metrics[k])}</div>
        </div>
      ))}
    </div>
  );
}

export default async function SubmissionPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const viewer = await getViewer();
  const view = await viewOrNull(viewer, slug, id);
  if (!view) notFound();
  const compareId = first(sp.compare)?.trim();
  const other = compareId ? await viewOrNull(viewer, slug, compareId) : null;
  const compare = other && other.context.phase.id === view.context.phase.id ? other : null;
  const split = first(sp.split) === "private" && view.scores.private ? "private" : "public";
  const result = view.scores[split];
  const otherResult = compare?.scores[split];
  const { submission: s, context } = view;
  const queue = s.status === "QUEUED" ? await queueInfo(s.id) : null;
  const primaryLabel = context.evalConfig?.primaryMetric ?? "AP";
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
      </h2>
      <dl className="mb-facts">
        <dt>Phase</dt>
        <dd>{context.phase.name}</dd>
        <dt>Submitted</dt>
        <dd>{formatDate(s.createdAt)}</dd>
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
        <p className="mb-note mb-warn">
          Failed{s.errorCode ? ` (${s.errorCode})` : ""}: {s.errorMessage ?? "no reason recorded"}
        </p>
      ) : null}

      {view.scores.public ? (
        <section>
          <h3>Public split</h3>
          <MetricTiles result={view.scores.public} primaryLabel={primaryLabel} />
        </section>
      ) : null}
      {view.scores.private ? (
        <section>
          <h3>Private split</h3>
          <MetricTiles result={view.scores.private} primaryLabel={primaryLabel} />
        </section>
      ) : view.privateHidden ? (
        <p className="mb-note">Private-split scores appear here once the organizers release the private split.</p>
      ) : null}

      <section aria-labelledby="compare-title">
        <h3 id="compare-title">Compare</h3>
        <form method="get" action={selfPath} className="mb-inline">
          <input type="hidden" name="split" value={split} />
          {chosen ? <input type="hidden" name="class" value={String(chosen.cocoId)} /> : null}
          <label>
            Other submission id <input name="compare" defaultValue={compareId ?? ""} size={28} />
          </label>
          <button type="submit">Compare</button>
        </form>
        {compareId && !compare ? (
          <p className="mb-note mb-warn">Submission &ldquo;{compareId}&rdquo; is not visible to you or is from another phase.</p>
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
                </tr>
              </thead>
              <tbody>
                {METRIC_KEYS.map((k) => {
                  const a = result.metrics[k];
                  const b = otherResult.metrics[k];
                  return (
                    <tr key={k}>
                      <td className="mb-left">{METRIC_LABELS[k]}</td>
                      <td>{formatMetric(a)}</td>
                      <td>{formatMetric(b)}</td>
                      <td>{a !== null && b !== null ? `${a - b >= 0 ? "+" : ""}${(a - b).toFixed(3)}` : "—"}</td>
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
            <PrChart title={`Precision–recall curves of ${chosen.name} (${split} split)`} sets={sets} />
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
                  {(["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar100"] as const).map((k) => (
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
                      {(["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar100"] as const).map((k) => (
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
