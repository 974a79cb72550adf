import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { AuthError } from "@/lib/auth/errors";
import { formatMetric } from "@/lib/leaderboard";
import { loadTeamSubmissions } from "@/lib/leaderboard/team-submissions";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { first, formatDate } from "@/app/_components/leaderboard/query";
import { saveFinalSelections } from "./actions";
import { ScrollTable } from "@/app/_components/table/scroll-table";

export const metadata: Metadata = { title: "My submissions" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

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
  const max = context.phase.maxFinalSelections;
  const error = first(sp.error);
  const active = rows.some((r) => r.status === "QUEUED" || r.status === "RUNNING");
  return (
    <div className="mb-page">
      {/* Progress updates without JavaScript: the page refreshes itself while something is being evaluated. */}
      {active ? <meta httpEquiv="refresh" content="5" /> : null}
      <ChallengeHeader
        slug={slug}
        title={context.challenge.title}
        active="my-submissions"
        showMySubmissions
        phaseQuery={context.phase.slug}
      />
      {context.phases.length > 1 ? (
        <div className="mb-pills">
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
        </div>
      ) : null}
      {first(sp.saved) ? <p className="mb-note">Final entries saved.</p> : null}
      {error ? <p className="mb-note mb-warn">{error}</p> : null}
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
                  File
                </th>
                <th scope="col" className="mb-left">
                  Status
                </th>
                <th scope="col">Primary (public)</th>
                <th scope="col">AP (public)</th>
                <th scope="col">Primary (private)</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={7} className="mb-left mb-muted">
                    No submissions yet.{" "}
                    <Link href={`/c/${encodeURIComponent(slug)}/submit?phase=${encodeURIComponent(context.phase.slug)}`}>Submit one</Link>.
                  </td>
                </tr>
              ) : null}
              {rows.map((r) => (
                <tr key={r.id}>
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
                    <Link href={`/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(r.id)}`}>{formatDate(r.createdAt)}</Link>
                  </td>
                  <td className="mb-left">
                    {r.originalFilename}
                    {r.description ? <div className="mb-muted mb-small">{r.description}</div> : null}
                  </td>
                  <td className="mb-left" style={{ whiteSpace: "normal" }}>
                    {r.status.toLowerCase()}
                    {r.status === "RUNNING" || r.status === "QUEUED" ? (
                      <>
                        {" "}
                        <span className="mb-progress" title={`${Math.round(r.progress * 100)}%`}>
                          <span style={{ width: `${Math.round(r.progress * 100)}%` }} />
                        </span>{" "}
                        <span className="mb-muted mb-small">{r.progressStage ?? ""}</span>
                      </>
                    ) : null}
                    {r.status === "FAILED" ? (
                      <div className="mb-small" style={{ color: "#a12828", maxWidth: "32rem" }}>
                        {r.errorCode ? `${r.errorCode}: ` : ""}
                        {r.errorMessage}
                      </div>
                    ) : null}
                    {r.status === "FINISHED" && !r.isCurrentVersion ? (
                      <div className="mb-muted mb-small">scored with an older protocol</div>
                    ) : null}
                  </td>
                  <td>{formatMetric(r.publicPrimary)}</td>
                  <td>{formatMetric(r.publicAp)}</td>
                  <td>{formatMetric(r.privatePrimary)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        {data.selectionOpen && rows.some((r) => r.status === "FINISHED") ? (
          <p>
            <button type="submit">Save final entries</button>
          </p>
        ) : null}
      </form>
    </div>
  );
}
