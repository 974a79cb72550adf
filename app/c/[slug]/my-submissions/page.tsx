import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { readNotice } from "@/lib/notices";
import { AuthError } from "@/lib/auth/errors";
import { formatMetric } from "@/lib/leaderboard";
import { loadTeamSubmissions, type TeamSubmissionRow } from "@/lib/leaderboard/team-submissions";
import { phaseState } from "@/lib/submissions/phase-window";
import { loadChallengeOverview } from "@/lib/challenges-public/overview";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { first, formatDate } from "@/app/_components/leaderboard/query";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { ProblemList } from "@/app/_components/problem-list";
import { PhaseStateNote } from "@/app/_components/phase-state-note";
import { cancelOwnSubmissionAction, hideSubmissionAction, saveFinalSelections, unhideSubmissionAction } from "./actions";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const c = await loadChallengeOverview(slug);
  return { title: `My submissions · ${c && c.status !== "DRAFT" ? c.title : slug}` };
}

function Status({ r }: { r: TeamSubmissionRow }) {
  return (
    <>
      <span
        className={`mb-badge ${r.status === "FINISHED" ? "mb-badge-ok" : r.status === "FAILED" || r.status === "CANCELLED" ? "mb-badge-bad" : "mb-badge-run"}`}
      >
        {r.status.toLowerCase()}
      </span>
      {r.isLate ? (
        <span className="mb-badge" title="Submitted after the phase's end: scored, never ranked">
          late
        </span>
      ) : null}
      {r.status === "RUNNING" || r.status === "QUEUED" ? (
        <>
          {" "}
          <span className="mb-progress" title={`${Math.round(r.progress * 100)}%`}>
            <span style={{ width: `${Math.round(r.progress * 100)}%` }} />
          </span>{" "}
          <span className="mb-muted mb-small">{r.progressStage ?? ""}</span>
        </>
      ) : null}
      {(r.status === "FAILED" || r.status === "CANCELLED") && r.errorMessage ? (
        <ProblemList message={r.errorMessage} code={r.status === "FAILED" ? r.errorCode : null} />
      ) : null}
      {r.status === "FINISHED" && !r.isCurrentVersion ? <div className="mb-muted mb-small">scored with an older protocol</div> : null}
    </>
  );
}

export default async function MySubmissionsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sp = await searchParams;
  const viewer = await getViewer();
  if (!viewer.userId) redirect(`/signin?callbackUrl=${encodeURIComponent(`/c/${slug}/my-submissions`)}`);
  let data;
  try {
    data = await loadTeamSubmissions(viewer, slug, first(sp.phase));
  } catch (err) {
    if (err instanceof AuthError && err.status === 404) notFound();
    if (err instanceof AuthError) {
      return (
        <div className="mb-page">
          <p className="mb-note mb-warn">{err.message}</p>
          <Link href={`/c/${encodeURIComponent(slug)}`}>Back to the challenge</Link>
        </div>
      );
    }
    throw err;
  }
  const { context, rows } = data;
  const now = new Date();
  const max = context.phase.maxFinalSelections;
  // Signed notices from the actions (lib/notices.ts): query text the server did not write is not shown.
  const error = readNotice(viewer, "error", first(sp.error));
  const ok = readNotice(viewer, "ok", first(sp.ok));
  const showHidden = first(sp.hidden) === "1";
  const hiddenCount = rows.filter((r) => r.hidden).length;
  const shown = showHidden ? rows : rows.filter((r) => !r.hidden);
  const active = rows.some((r) => r.status === "QUEUED" || r.status === "RUNNING");
  const base = `/c/${encodeURIComponent(slug)}`;
  const here = (extra: Record<string, string>) => `${base}/my-submissions?${new URLSearchParams({ phase: context.phase.slug, ...extra })}`;
  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={slug}
        title={context.challenge.title}
        active="my-submissions"
        showMySubmissions
        phaseQuery={context.phase.slug}
      />
      {context.phases.length > 1 ? (
        <nav className="mb-pills" aria-label="Phases">
          <span className="mb-pills-label">Phase</span>
          {context.phases.map((p) => (
            <Link
              key={p.slug}
              href={`?phase=${encodeURIComponent(p.slug)}`}
              aria-current={p.slug === context.phase.slug ? "true" : undefined}
            >
              {p.name}
            </Link>
          ))}
        </nav>
      ) : null}
      {data.disqualifyReason !== null ? (
        <p className="mb-note mb-warn" role="alert" data-testid="disqualified">
          Your team was disqualified from this challenge by the organizers: <strong>{data.disqualifyReason}</strong>. Its entries are not
          ranked and it cannot submit. Contact the organizers if you think this is a mistake.
        </p>
      ) : null}
      <PhaseStateNote phase={context.phase} state={phaseState(context.phase, now)} />
      <AutoRefresh active={active} />
      {first(sp.saved) ? (
        <p className="mb-note" role="status">
          Final entries saved.
        </p>
      ) : null}
      {ok ? (
        <p className="mb-note" role="status">
          {ok}
        </p>
      ) : null}
      {error ? (
        <p className="mb-note mb-warn" role="alert">
          {error}
        </p>
      ) : null}
      <p className="mb-muted mb-small">
        {data.selectionOpen
          ? `Tick up to ${max} finished submission${max === 1 ? "" : "s"} as final ${max === 1 ? "entry" : "entries"} before ${formatDate(context.phase.endsAt)}. Once the phase has closed, your team is ranked by the best of them (by its best entry if you tick none).`
          : "Final entries can no longer be changed."}
      </p>
      <form action={saveFinalSelections}>
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="phase" value={context.phase.slug} />
        <ScrollTable label="My submissions" sticky={2} firstColumnWidth="3.25rem">
          <table className="mb-table" data-testid="my-submissions">
            <thead>
              <tr>
                <th scope="col">Final</th>
                <th scope="col" className="mb-left">
                  Submitted
                </th>
                <th scope="col" className="mb-left">
                  Status
                </th>
                <th scope="col">Primary (public)</th>
                <th scope="col">AP (public)</th>
                <th scope="col">Primary (private)</th>
                <th scope="col" className="mb-left">
                  File
                </th>
                <th scope="col" className="mb-left">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={8} className="mb-left mb-muted">
                    {rows.length === 0 ? "No submissions yet. " : "Every entry of this phase is hidden. "}
                    <Link href={`${base}/submit?phase=${encodeURIComponent(context.phase.slug)}`}>Submit one</Link>.
                  </td>
                </tr>
              ) : null}
              {shown.map((r) => (
                <tr key={r.id} className={r.hidden ? "mb-hidden-row" : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      name="selected"
                      value={r.id}
                      defaultChecked={r.selectedForFinal}
                      disabled={!data.selectionOpen || r.status !== "FINISHED"}
                      aria-label={`Final entry: submission of ${formatDate(r.createdAt)}`}
                    />
                  </td>
                  <td className="mb-left">
                    <Link href={`${base}/submissions/${encodeURIComponent(r.id)}`}>{formatDate(r.createdAt)}</Link>
                    {r.description ? <div className="mb-muted mb-small mb-wrap-text">{r.description}</div> : null}
                  </td>
                  <td className="mb-left mb-status-cell">
                    <Status r={r} />
                  </td>
                  <td>{formatMetric(r.publicPrimary)}</td>
                  <td>{formatMetric(r.publicAp)}</td>
                  <td>{formatMetric(r.privatePrimary)}</td>
                  <td className="mb-left">
                    <a href={`/api/v1/submissions/${encodeURIComponent(r.id)}/file`} download title={`Download ${r.originalFilename}`}>
                      {r.originalFilename}
                    </a>
                  </td>
                  <td className="mb-left">
                    {r.cancellable ? (
                      <button
                        type="submit"
                        className="secondary danger"
                        formAction={cancelOwnSubmissionAction.bind(null, r.id)}
                        data-submission={r.id}
                      >
                        Cancel
                      </button>
                    ) : null}
                    {(r.status === "FAILED" || r.status === "CANCELLED") && !r.hidden ? (
                      <button type="submit" className="secondary" formAction={hideSubmissionAction.bind(null, r.id)} data-submission={r.id}>
                        Hide
                      </button>
                    ) : null}
                    {r.hidden ? (
                      <button
                        type="submit"
                        className="secondary"
                        formAction={unhideSubmissionAction.bind(null, r.id)}
                        data-submission={r.id}
                      >
                        Show again
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        {hiddenCount > 0 ? (
          <p className="mb-muted mb-small">
            {hiddenCount} hidden entr{hiddenCount === 1 ? "y" : "ies"}:{" "}
            {showHidden ? <Link href={here({})}>hide them again</Link> : <Link href={here({ hidden: "1" })}>show them</Link>}
          </p>
        ) : null}
        {data.selectionOpen && rows.some((r) => r.status === "FINISHED") ? (
          <p>
            <button type="submit">Save final entries</button>
          </p>
        ) : null}
      </form>
    </div>
  );
}
