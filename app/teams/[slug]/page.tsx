import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { AuthError } from "@/lib/auth/errors";
import { getViewer } from "@/lib/auth/session";
import { listChallengesOpenToTeam, listInvites, loadTeamPage, type TeamPage } from "@/lib/teams";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import {
  createInviteAction,
  leaveTeamAction,
  registerAction,
  removeMemberAction,
  revokeInviteAction,
  transferOwnershipAction,
} from "../actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ registered?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  try {
    const page = await loadTeamPage(await getViewer(), slug);
    return { title: `Team ${page.team.name}` };
  } catch {
    return { title: "Team not found" };
  }
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

async function load(slug: string): Promise<TeamPage> {
  try {
    return await loadTeamPage(await getViewer(), slug);
  } catch (err) {
    if (err instanceof AuthError && err.status === 404) notFound();
    throw err;
  }
}

/** The form fields that name the team (and the member or invite) an action is about. */
function HiddenFields({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export default async function TeamPageView({ params, searchParams }: Props) {
  const { slug } = await params;
  const { registered } = await searchParams;
  const page = await load(slug);
  const { team, members, challenges, canManage } = page;
  const viewer = await getViewer();
  const hidden = { teamId: team.id, teamSlug: team.slug };

  if (members === null || challenges === null) {
    return (
      <div>
        <h1>{team.name}</h1>
        <p className="muted">Members, registrations and submissions of this team are visible to its members only.</p>
      </div>
    );
  }
  const [invites, openChallenges] = canManage
    ? await Promise.all([listInvites(viewer, team.id), listChallengesOpenToTeam(team.id)])
    : [[], []];

  return (
    <div>
      <p className="muted">
        <Link href="/teams">Teams</Link> / {team.slug}
      </p>
      <h1>{team.name}</h1>

      <section className={styles.section}>
        <h2>Members</h2>
        <ScrollTable label="Members" sticky={1}>
          <table>
            <thead>
              <tr>
                <th>Member</th>
                <th>Role</th>
                <th>Joined</th>
                {canManage && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId}>
                  <td>
                    {m.name ? `${m.name} · ` : ""}
                    {m.email}
                  </td>
                  <td>{m.role === "OWNER" ? "owner" : "member"}</td>
                  <td>{day(m.joinedAt)}</td>
                  {canManage && (
                    <td>
                      {m.role !== "OWNER" && (
                        <span className={styles.menu}>
                          <ActionForm
                            action={transferOwnershipAction}
                            submitLabel="Make owner"
                            className={styles.inline}
                            confirm={`Make ${m.email} the owner? You become a member.`}
                          >
                            <HiddenFields values={{ ...hidden, userId: m.userId }} />
                          </ActionForm>
                          <ActionForm
                            action={removeMemberAction}
                            submitLabel="Remove"
                            className={styles.inline}
                            confirm={`Remove ${m.email} from the team?`}
                          >
                            <HiddenFields values={{ ...hidden, userId: m.userId }} />
                          </ActionForm>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        {(page.facts.viewerRole === "MEMBER" || (members.length === 1 && challenges.length === 0)) && (
          <ActionForm
            action={leaveTeamAction}
            submitLabel={members.length === 1 ? "Delete team" : "Leave team"}
            className={styles.inline}
            confirm={members.length === 1 ? "You are the only member: leaving deletes the team. Continue?" : "Leave this team?"}
          >
            <HiddenFields values={hidden} />
          </ActionForm>
        )}
      </section>

      <section className={styles.section}>
        <h2>Challenges</h2>
        {typeof registered === "string" && challenges.some((c) => c.slug === registered) && (
          <p className={styles.success} role="status">
            Registered for {registered}.
          </p>
        )}
        {challenges.length === 0 ? (
          <p className="muted">Not registered for any challenge yet.</p>
        ) : (
          <ul>
            {challenges.map((c) => (
              <li key={c.slug}>
                <Link href={`/c/${c.slug}`}>{c.title}</Link> <span className="muted">registered {day(c.registeredAt)}</span>
                {c.disqualified && <strong className="error"> · disqualified</strong>}
              </li>
            ))}
          </ul>
        )}
        {canManage && openChallenges.length > 0 && (
          <ActionForm action={registerAction} submitLabel="Register team" className={`${styles.form} ${styles.narrow}`}>
            <HiddenFields values={hidden} />
            <label htmlFor="challenge">Register for a challenge</label>
            <select id="challenge" name="challenge" required>
              {openChallenges.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.title}
                </option>
              ))}
            </select>
            <p className="muted">Every member takes part with this team; a person can be in only one team per challenge.</p>
          </ActionForm>
        )}
      </section>

      {canManage && (
        <section className={styles.section}>
          <h2>Invites</h2>
          <ActionForm action={createInviteAction} submitLabel="Create join link" className={`${styles.form} ${styles.narrow}`}>
            <HiddenFields values={hidden} />
            <label htmlFor="days">Valid for (days)</label>
            <input id="days" name="days" type="number" min={1} max={30} defaultValue={7} />
          </ActionForm>
          {invites.length > 0 && (
            <ScrollTable label="Invites" sticky={1}>
              <table>
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>By</th>
                    <th>Expires</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {invites.map((i) => (
                    <tr key={i.id}>
                      <td>{day(i.createdAt)}</td>
                      <td>{i.createdBy ?? "—"}</td>
                      <td>{day(i.expiresAt)}</td>
                      <td>
                        {i.state === "active" ? (
                          <ActionForm action={revokeInviteAction} submitLabel="Revoke" className={styles.inline}>
                            <HiddenFields values={{ ...hidden, inviteId: i.id }} />
                          </ActionForm>
                        ) : (
                          <span className="muted">{i.state}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
        </section>
      )}
    </div>
  );
}
