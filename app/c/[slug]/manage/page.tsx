import Link from "next/link";
import { loadDashboard } from "@/lib/challenges/dashboard";
import { reevaluatePhaseAction, releasePrivateAction, submissionAction, teamAction } from "./actions";
import { ActionButton } from "./_components/action-button";
import { DashboardTable } from "./_components/dashboard-table";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { ManageNav } from "./_components/manage-nav";
import { Notice, type NoticeParams } from "./_components/notice";
import { requireOrganizer } from "./_components/require-organizer";
import "../../../manage.css";

export const dynamic = "force-dynamic";

const SUBMISSION_OPS: Record<string, string> = {
  cancel: "Cancel",
  rerun: "Re-run",
  baseline: "Mark baseline",
  unbaseline: "Unmark baseline",
};

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
    <div className="mo-manage">
      <ManageNav slug={slug} title={d.challenge.title} status={d.challenge.status} phases={d.challenge.phases} active="dashboard" />
      <Notice ok={ok} error={error} />

      <section className="mo-section">
        <h2>Queue</h2>
        <div className="mo-cards">
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
                    </td>
                    <td>{p.groundTruth ? `${p.groundTruth.numImages} images, ${p.groundTruth.numInstances} instances` : "missing"}</td>
                    <td>
                      v{v?.currentVersion ?? "—"}
                      {v && v.outdated.length > 0 ? `, ${v.outdated.length} outdated` : ""}
                    </td>
                    <td>{p.privateReleased ? "released" : "hidden"}</td>
                    <td className="mo-actions">
                      <ActionButton action={reevaluatePhaseAction} slug={slug} back={path} phase={p.slug} label="Re-run all" />
                      {!p.privateReleased ? (
                        <ActionButton action={releasePrivateAction} slug={slug} back={path} phase={p.slug} label="Release private split" />
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
            <td>{when(f.createdAt)}</td>
            <td>{f.phase.slug}</td>
            <td>{f.team?.name ?? "baseline"}</td>
            <td>{f.originalFilename}</td>
            <td>
              <code>{f.errorCode}</code> {f.errorMessage}
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title="Recent submissions"
        columns={["When", "Phase", "Team", "Status", { label: "Primary (public)", numeric: true }, "Config", "Actions"]}
        items={d.recent}
        empty="No submissions yet."
        row={(s) => (
          <tr key={s.id}>
            <td>
              <Link href={`/c/${slug}/submissions/${s.id}`}>{when(s.createdAt)}</Link>
            </td>
            <td>{s.phase.slug}</td>
            <td>
              {s.team?.name ?? "—"}
              {s.isBaseline ? " (baseline)" : ""}
            </td>
            <td>
              {s.status}
              {s.status === "RUNNING" ? ` ${Math.round(s.progress * 100)}%` : ""}
            </td>
            <td className="mo-num">{s.scores[0] ? s.scores[0].primary.toFixed(3) : "—"}</td>
            <td>{s.evalConfigVersion ? `v${s.evalConfigVersion}` : "—"}</td>
            <td className="mo-actions">
              {(s.status === "QUEUED" || s.status === "RUNNING" ? ["cancel"] : ["rerun"])
                .concat(s.isBaseline ? ["unbaseline"] : ["baseline"])
                .map((op) => (
                  <ActionButton
                    key={op}
                    action={submissionAction}
                    slug={slug}
                    back={path}
                    fields={{ submission: s.id, op }}
                    label={SUBMISSION_OPS[op]}
                  />
                ))}
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
                    placeholder="reason"
                    required
                    minLength={3}
                    aria-label={`Reason to disqualify ${t.name}`}
                  />
                </ActionButton>
              )}
              <ActionButton action={teamAction} slug={slug} back={path} fields={{ team: t.teamId, op: "resetQuota" }} label="Reset quota" />
            </td>
          </tr>
        )}
      />

      <DashboardTable
        title="Audit log"
        columns={["When (UTC)", "Who", "Action", "Target", "Details"]}
        items={d.audit}
        row={(a) => (
          <tr key={a.id}>
            <td>{when(a.at)}</td>
            <td>{a.actor}</td>
            <td>
              <code>{a.action}</code>
            </td>
            <td>
              {a.targetType}
              {a.targetId ? ` ${a.targetId.slice(0, 10)}` : ""}
            </td>
            <td className="mo-audit-data">
              <code>{JSON.stringify(a.data).slice(0, 160)}</code>
            </td>
          </tr>
        )}
      />
    </div>
  );
}
