import Link from "next/link";
import type { Metadata } from "next";
import { loadDashboard } from "@/lib/challenges/dashboard";
import { WORKER_HEARTBEAT_TTL_SECONDS } from "@/lib/queue";
import { listHeldParticipations } from "@/lib/teams";
import { reevaluatePhaseAction, releaseParticipationAction, releasePrivateAction, submissionAction, teamAction } from "./actions";
import { ActionButton } from "./_components/action-button";
import { DashboardTable } from "./_components/dashboard-table";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { ProblemList } from "@/app/_components/problem-list";
import { ManageNav } from "./_components/manage-nav";
import { Notice, type NoticeParams } from "./_components/notice";
import { requireOrganizer } from "./_components/require-organizer";
import { SafeguardedAction } from "./_components/safeguarded-action";
import "../../../manage.css";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Dashboard · ${slug}` };
}

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
const age = (d: Date, now: Date) => {
  const minutes = Math.round((now.getTime() - d.getTime()) / 60_000);
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
};

/** BullMQ's job states the queue table shows, in this order. */
const STATES = ["waiting", "active", "delayed", "failed"] as const;

/** A failed submission whose file was refused (validation) would fail again: no Re-run for it. */
const failedValidation = (s: { status: string; countsTowardQuota: boolean }) => s.status === "FAILED" && !s.countsTowardQuota;

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: NoticeParams }) {
  const { slug } = await params;
  const path = `/c/${slug}/manage`;
  const { facts } = await requireOrganizer(slug, path);
  const { ok, error } = await searchParams;
  const now = new Date();
  const [d, held] = await Promise.all([loadDashboard(facts.challengeId, now), listHeldParticipations(facts.challengeId)]);
  const maxPerDay = Math.max(1, ...d.submissionsPerDay.map((x) => x.count));
  const total = d.submissionsPerDay.reduce((s, x) => s + x.count, 0);
  const busy = d.queue.waiting + d.queue.running > 0 || d.live.busy;

  return (
    <div className="mo-manage">
      <ManageNav slug={slug} title={d.challenge.title} status={d.challenge.status} phases={d.challenge.phases} active="dashboard" />
      <Notice ok={ok} error={error} />

      <section className="mo-section">
        <h2>Queue</h2>
        <AutoRefresh active={busy} label="Live: this dashboard refreshes while evaluations run" />
        <div className="mo-queue">
          <div>
            <h3>This challenge (database)</h3>
            <div className="mo-cards" data-testid="db-queue">
              <div className="mo-card">
                <strong>{d.queue.waiting}</strong> waiting
              </div>
              <div className="mo-card">
                <strong>{d.queue.running}</strong> running
              </div>
              <div className="mo-card">
                <strong>{d.queue.failed}</strong> failed
              </div>
              <div className="mo-card">
                <strong>{d.queue.finished}</strong> finished
              </div>
              <div className="mo-card">
                <strong>{d.queue.oldestWaitingAt ? age(d.queue.oldestWaitingAt, now) : "—"}</strong> oldest waiting
              </div>
            </div>
          </div>
          <div>
            <h3>Evaluation queues, all challenges (BullMQ, live)</h3>
            <ScrollTable label="Evaluation queues">
              <table className="mo-table" data-testid="bullmq-queues">
                <thead>
                  <tr>
                    <th>Queue</th>
                    {STATES.map((state) => (
                      <th key={state} className="mo-num">
                        {state}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.live.queues.map((q) => (
                    <tr key={q.name} data-queue={q.name}>
                      <td>
                        {q.label} <code className="mo-code-muted">{q.name}</code>
                      </td>
                      {q.counts ? (
                        STATES.map((state) => (
                          <td key={state} className="mo-num" data-state={state}>
                            {q.counts![state]}
                          </td>
                        ))
                      ) : (
                        <td colSpan={STATES.length}>Redis does not answer: uploads are kept and queued once it is back.</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </div>
        </div>
        <h3>Workers ({d.live.workers.length} live)</h3>
        {d.live.workers.length === 0 ? (
          <p className="mo-notice mo-notice-error" data-testid="workers-none">
            No worker has sent a heartbeat in the last {WORKER_HEARTBEAT_TTL_SECONDS} s: submissions wait until one starts (
            <code>npm run worker</code>).
          </p>
        ) : (
          <ScrollTable label="Workers" sticky={1}>
            <table className="mo-table" data-testid="workers">
              <thead>
                <tr>
                  <th>Worker</th>
                  <th>Slots</th>
                  <th className="mo-num">Running</th>
                  <th>This challenge</th>
                  <th className="mo-num">Memory</th>
                  <th>Up since (UTC)</th>
                  <th className="mo-num">Heartbeat</th>
                </tr>
              </thead>
              <tbody>
                {d.live.workers.map((w) => (
                  <tr key={w.workerId} data-worker={w.workerId}>
                    <td>
                      {w.hostname} <code className="mo-code-muted">pid {w.pid}</code>
                    </td>
                    <td>{w.slots.map((s) => `${s.label.toLowerCase()} ${s.slots}`).join(", ")}</td>
                    <td className="mo-num" data-field="running">
                      {w.running}
                    </td>
                    <td>
                      {w.runningHere.length === 0
                        ? "—"
                        : w.runningHere.map((id, i) => (
                            <span key={id}>
                              {i > 0 ? ", " : ""}
                              <Link href={`/c/${slug}/submissions/${id}`}>{id.slice(-8)}</Link>
                            </span>
                          ))}
                    </td>
                    <td className="mo-num" data-field="rss">
                      {w.rssMiB === null ? "—" : `${w.rssMiB} MiB`}
                    </td>
                    <td>{when(w.startedAt)}</td>
                    <td className="mo-num">{w.lastBeatSecondsAgo} s ago</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
        <h3>Submissions per day (last 30 days, {total} in total)</h3>
        <div
          className="mo-bars"
          role="img"
          aria-label={`Submissions per day: ${d.submissionsPerDay.map((x) => `${x.day} ${x.count}`).join(", ")}`}
        >
          {d.submissionsPerDay.map((x) => (
            <span key={x.day} title={`${x.day}: ${x.count}`} style={{ height: `${(x.count / maxPerDay) * 100}%` }} />
          ))}
        </div>
      </section>

      <section className="mo-section">
        <h2>Phases</h2>
        {d.challenge.phases.length === 0 ? (
          <p>
            No phase yet: <Link href={`${path}/phases/new`}>add one</Link>.
          </p>
        ) : null}
        <ScrollTable label="Phases" sticky={1}>
          <table className="mo-table">
            <thead>
              <tr>
                <th>Phase</th>
                <th>Window (UTC)</th>
                <th>Ground truth</th>
                <th>Config</th>
                <th>Private split</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.challenge.phases.map((p) => {
                const v = d.versions.find((x) => x.phaseId === p.id);
                return (
                  <tr key={p.id}>
                    <td>
                      <Link href={`${path}/phases/${p.slug}`}>{p.name}</Link> <code>{p.slug}</code>
                    </td>
                    <td>
                      {when(p.startsAt)} – {when(p.endsAt)}
                      {now < p.endsAt ? " (open)" : p.allowLateSubmissions ? " (closed, late entries on)" : " (closed)"}
                    </td>
                    <td>{p.groundTruth ? `${p.groundTruth.numImages} images, ${p.groundTruth.numInstances} instances` : "missing"}</td>
                    <td>
                      v{v?.currentVersion ?? "—"}
                      {v && v.outdated.length > 0 ? `, ${v.outdated.length} outdated` : ""}
                    </td>
                    <td>{p.privateReleased ? "released" : "hidden"}</td>
                    <td className="mo-actions">
                      <SafeguardedAction
                        action={reevaluatePhaseAction}
                        slug={slug}
                        back={path}
                        phase={p}
                        now={now}
                        label="Re-run all"
                        consequence={`Every finished and failed submission of ${p.name} is evaluated again with config version ${v?.currentVersion ?? 1}; scores may change.`}
                        confirmText="I want to re-run every submission of this phase."
                        openWarning="teams' scores would change while they are still competing."
                      />
                      {!p.privateReleased ? (
                        <SafeguardedAction
                          action={releasePrivateAction}
                          slug={slug}
                          back={path}
                          phase={p}
                          now={now}
                          label="Release private split"
                          consequence={`Private-split scores of ${p.name} become visible to every participant and the public. This cannot be undone.`}
                          confirmText="I want to publish the private-split scores."
                          openWarning="teams could then tune their models on the private split."
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      <DashboardTable
        title="Failures"
        columns={["When", "Phase", "Team", "File", "Error"]}
        items={d.failures}
        empty="No failed submissions."
        row={(f) => (
          <tr key={f.id}>
            <td>
              <Link href={`/c/${slug}/submissions/${f.id}`}>{when(f.createdAt)}</Link>
            </td>
            <td>{f.phase.slug}</td>
            <td>{f.team?.name ?? "organizer entry"}</td>
            <td>{f.originalFilename}</td>
            <td className="mo-wide">
              <ProblemList message={f.errorMessage ?? "no reason recorded"} code={f.errorCode} />
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title="Recent submissions"
        columns={["When", "Phase", "Entry", "Status", { label: "Primary (public)", numeric: true }, "Config", "Actions"]}
        items={d.recent}
        empty="No submissions yet."
        row={(s) => (
          <tr key={s.id}>
            <td>
              <Link href={`/c/${slug}/submissions/${s.id}`}>{when(s.createdAt)}</Link>
            </td>
            <td>{s.phase.slug}</td>
            <td>
              {s.team?.name ?? (s.isBaseline ? `Baseline${s.description ? `: ${s.description}` : ""}` : "Organizer test entry (private)")}
              {s.isLate ? " · late" : ""}
            </td>
            <td>
              {s.status.toLowerCase()}
              {s.status === "RUNNING" ? ` ${Math.round(s.progress * 100)}%` : ""}
              {failedValidation(s) ? " (file refused)" : ""}
            </td>
            <td className="mo-num">{s.scores[0] ? s.scores[0].primary.toFixed(3) : "—"}</td>
            <td>{s.evalConfigVersion ? `v${s.evalConfigVersion}` : "—"}</td>
            <td className="mo-actions">
              {s.status === "QUEUED" || s.status === "RUNNING" ? (
                <ActionButton
                  action={submissionAction}
                  slug={slug}
                  back={path}
                  fields={{ submission: s.id, op: "cancel" }}
                  label="Cancel"
                  danger
                >
                  <input
                    type="text"
                    name="reason"
                    placeholder="reason (shown to the team)"
                    maxLength={500}
                    aria-label="Reason for cancelling"
                  />
                </ActionButton>
              ) : null}
              {(s.status === "FINISHED" || s.status === "FAILED") && !failedValidation(s) ? (
                <ActionButton action={submissionAction} slug={slug} back={path} fields={{ submission: s.id, op: "rerun" }} label="Re-run" />
              ) : null}
              {s.team === null ? (
                <ActionButton
                  action={submissionAction}
                  slug={slug}
                  back={path}
                  fields={{ submission: s.id, op: s.isBaseline ? "unbaseline" : "baseline" }}
                  label={s.isBaseline ? "Make private" : "Show as baseline"}
                  secondary
                />
              ) : null}
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title={`Teams (${d.teams.length})`}
        columns={["Team", "Members", { label: "Submissions", numeric: true }, "Status", "Actions"]}
        items={d.teams}
        empty="No team has registered yet."
        row={(t) => (
          <tr key={t.teamId}>
            <td>
              {t.name} <code>{t.slug}</code>
            </td>
            <td>{t.members.map((m) => m.name ?? m.email).join(", ")}</td>
            <td className="mo-num">{t.submissions}</td>
            <td>
              {t.disqualifiedAt ? `disqualified ${when(t.disqualifiedAt)}: ${t.disqualifyReason}` : "active"}
              {t.quotaResetAt ? `; quota reset ${when(t.quotaResetAt)}` : ""}
            </td>
            <td className="mo-actions">
              {t.disqualifiedAt ? (
                <ActionButton action={teamAction} slug={slug} back={path} fields={{ team: t.teamId, op: "requalify" }} label="Reinstate" />
              ) : (
                <ActionButton
                  action={teamAction}
                  slug={slug}
                  back={path}
                  fields={{ team: t.teamId, op: "disqualify" }}
                  label="Disqualify"
                  danger
                >
                  <input
                    type="text"
                    name="reason"
                    placeholder="reason (shown to the team)"
                    required
                    minLength={3}
                    aria-label={`Reason to disqualify ${t.name}`}
                  />
                </ActionButton>
              )}
              <ActionButton
                action={teamAction}
                slug={slug}
                back={path}
                fields={{ team: t.teamId, op: "resetQuota" }}
                label="Reset quota"
                secondary
              />
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title={`Bound after leaving (${held.length})`}
        columns={["Member", "Team they left", "Left", "Actions"]}
        items={held}
        empty="Nobody left a team after it submitted or was disqualified."
        row={(h) => (
          <tr key={h.userId}>
            <td>{h.email}</td>
            <td>{h.teamName}</td>
            <td>{when(h.leftAt)}</td>
            <td className="mo-actions">
              <ActionButton
                action={releaseParticipationAction}
                slug={slug}
                back={path}
                fields={{ user: h.userId }}
                label="Release"
                secondary
              />
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title="Audit log"
        columns={["When (UTC)", "Who", "What", "On", "Details"]}
        items={d.audit}
        row={(a) => (
          <tr key={a.id}>
            <td>{when(a.at)}</td>
            <td>{a.who}</td>
            <td>
              {a.what} <code className="mo-code-muted">{a.action}</code>
            </td>
            <td>{a.target}</td>
            <td className="mo-audit-data">
              {a.details.length > 0 ? (
                <ul>
                  {a.details.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              ) : null}
            </td>
          </tr>
        )}
      />
    </div>
  );
}
