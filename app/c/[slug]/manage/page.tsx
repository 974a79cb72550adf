import Link from "next/link";
import { loadDashboard } from "@/lib/challenges/dashboard";
import { reevaluatePhaseAction, releasePrivateAction, submissionAction, teamAction } from "./actions";
import { HiddenContext } from "./_components/hidden-context";
import { ManageNav } from "./_components/manage-nav";
import { Notice, type NoticeParams } from "./_components/notice";
import { requireOrganizer } from "./_components/require-organizer";
import "../../../manage.css";

export const dynamic = "force-dynamic";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
const age = (d: Date, now: Date) => {
  const minutes = Math.round((now.getTime() - d.getTime()) / 60_000);
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
};

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: NoticeParams }) {
  const { slug } = await params;
  const path = `/c/${slug}/manage`;
  const { facts } = await requireOrganizer(slug, path);
  const { ok, error } = await searchParams;
  const now = new Date();
  const d = await loadDashboard(facts.challengeId, now);
  const maxPerDay = Math.max(1, ...d.submissionsPerDay.map((x) => x.count));
  const total = d.submissionsPerDay.reduce((s, x) => s + x.count, 0);

  return (
    <main className="mo-manage">
      <ManageNav slug={slug} title={d.challenge.title} status={d.challenge.status} phases={d.challenge.phases} active="dashboard" />
      <Notice ok={ok} error={error} />

      <section className="mo-section">
        <h2>Queue</h2>
        <div className="mo-cards">
          <div className="mo-card"><strong>{d.queue.waiting}</strong> waiting</div>
          <div className="mo-card"><strong>{d.queue.running}</strong> running</div>
          <div className="mo-card"><strong>{d.queue.failed}</strong> failed</div>
          <div className="mo-card"><strong>{d.queue.finished}</strong> finished</div>
          <div className="mo-card"><strong>{d.queue.oldestWaitingAt ? age(d.queue.oldestWaitingAt, now) : "—"}</strong> oldest waiting</div>
        </div>
        <h3>Submissions per day (last 30 days, {total} in total)</h3>
        <div className="mo-bars" role="img" aria-label={`Submissions per day: ${d.submissionsPerDay.map((x) => `${x.day} ${x.count}`).join(", ")}`}>
          {d.submissionsPerDay.map((x) => (
            <span key={x.day} title={`${x.day}: ${x.count}`} style={{ height: `${(x.count / maxPerDay) * 100}%` }} />
          ))}
        </div>
      </section>

      <section className="mo-section">
        <h2>Phases</h2>
        {d.challenge.phases.length === 0 ? <p>No phase yet: <Link href={`${path}/phases/new`}>add one</Link>.</p> : null}
        <table className="mo-table">
          <thead>
            <tr><th>Phase</th><th>Window (UTC)</th><th>Ground truth</th><th>Config</th><th>Private split</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {d.challenge.phases.map((p) => {
              const v = d.versions.find((x) => x.phaseId === p.id);
              return (
                <tr key={p.id}>
                  <td><Link href={`${path}/phases/${p.slug}`}>{p.name}</Link> <code>{p.slug}</code></td>
                  <td>{when(p.startsAt)} – {when(p.endsAt)}</td>
                  <td>{p.groundTruth ? `${p.groundTruth.numImages} images, ${p.groundTruth.numInstances} instances` : "missing"}</td>
                  <td>v{v?.currentVersion ?? "—"}{v && v.outdated.length > 0 ? `, ${v.outdated.length} outdated` : ""}</td>
                  <td>{p.privateReleased ? "released" : "hidden"}</td>
                  <td className="mo-actions">
                    <form action={reevaluatePhaseAction}>
                      <HiddenContext slug={slug} back={path} phase={p.slug} />
                      <button type="submit">Re-run all</button>
                    </form>
                    {!p.privateReleased ? (
                      <form action={releasePrivateAction}>
                        <HiddenContext slug={slug} back={path} phase={p.slug} />
                        <button type="submit">Release private split</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="mo-section">
        <h2>Failures</h2>
        {d.failures.length === 0 ? <p>No failed submissions.</p> : (
          <table className="mo-table">
            <thead><tr><th>When</th><th>Phase</th><th>Team</th><th>File</th><th>Error</th></tr></thead>
            <tbody>
              {d.failures.map((f) => (
                <tr key={f.id}>
                  <td>{when(f.createdAt)}</td><td>{f.phase.slug}</td><td>{f.team?.name ?? "baseline"}</td><td>{f.originalFilename}</td>
                  <td><code>{f.errorCode}</code> {f.errorMessage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="mo-section">
        <h2>Recent submissions</h2>
        {d.recent.length === 0 ? <p>No submissions yet.</p> : (
          <table className="mo-table">
            <thead><tr><th>When</th><th>Phase</th><th>Team</th><th>Status</th><th className="mo-num">Primary (public)</th><th>Config</th><th>Actions</th></tr></thead>
            <tbody>
              {d.recent.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/c/${slug}/submissions/${s.id}`}>{when(s.createdAt)}</Link></td>
                  <td>{s.phase.slug}</td>
                  <td>{s.team?.name ?? "—"}{s.isBaseline ? " (baseline)" : ""}</td>
                  <td>{s.status}{s.status === "RUNNING" ? ` ${Math.round(s.progress * 100)}%` : ""}</td>
                  <td className="mo-num">{s.scores[0] ? s.scores[0].primary.toFixed(3) : "—"}</td>
                  <td>{s.evalConfigVersion ? `v${s.evalConfigVersion}` : "—"}</td>
                  <td className="mo-actions">
                    {(s.status === "QUEUED" || s.status === "RUNNING" ? ["cancel"] : ["rerun"]).concat(s.isBaseline ? ["unbaseline"] : ["baseline"]).map((op) => (
                      <form key={op} action={submissionAction}>
                        <HiddenContext slug={slug} back={path} />
                        <input type="hidden" name="submission" value={s.id} />
                        <input type="hidden" name="op" value={op} />
                        <button type="submit">{{ cancel: "Cancel", rerun: "Re-run", baseline: "Mark baseline", unbaseline: "Unmark baseline" }[op]}</button>
                      </form>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="mo-section">
        <h2>Teams ({d.teams.length})</h2>
        {d.teams.length === 0 ? <p>No team has registered yet.</p> : (
          <table className="mo-table">
            <thead><tr><th>Team</th><th>Members</th><th className="mo-num">Submissions</th><th>Status</th><th>Actions</th></tr></thead>
            <tbody>
              {d.teams.map((t) => (
                <tr key={t.teamId}>
                  <td>{t.name} <code>{t.slug}</code></td>
                  <td>{t.members.map((m) => m.name ?? m.email).join(", ")}</td>
                  <td className="mo-num">{t.submissions}</td>
                  <td>
                    {t.disqualifiedAt ? `disqualified ${when(t.disqualifiedAt)}: ${t.disqualifyReason}` : "active"}
                    {t.quotaResetAt ? `; quota reset ${when(t.quotaResetAt)}` : ""}
                  </td>
                  <td className="mo-actions">
                    {t.disqualifiedAt ? (
                      <form action={teamAction}>
                        <HiddenContext slug={slug} back={path} />
                        <input type="hidden" name="team" value={t.teamId} />
                        <input type="hidden" name="op" value="requalify" />
                        <button type="submit">Reinstate</button>
                      </form>
                    ) : (
                      <form action={teamAction}>
                        <HiddenContext slug={slug} back={path} />
                        <input type="hidden" name="team" value={t.teamId} />
                        <input type="hidden" name="op" value="disqualify" />
                        <input type="text" name="reason" placeholder="reason" required minLength={3} aria-label={`Reason to disqualify ${t.name}`} />
                        <button type="submit" className="mo-danger">Disqualify</button>
                      </form>
                    )}
                    <form action={teamAction}>
                      <HiddenContext slug={slug} back={path} />
                      <input type="hidden" name="team" value={t.teamId} />
                      <input type="hidden" name="op" value="resetQuota" />
                      <button type="submit">Reset quota</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="mo-section">
        <h2>Audit log</h2>
        <table className="mo-table">
          <thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
          <tbody>
            {d.audit.map((a) => (
              <tr key={a.id}>
                <td>{when(a.at)}</td><td>{a.actor}</td><td><code>{a.action}</code></td><td>{a.targetType}{a.targetId ? ` ${a.targetId.slice(0, 10)}` : ""}</td>
                <td className="mo-audit-data"><code>{JSON.stringify(a.data).slice(0, 160)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
