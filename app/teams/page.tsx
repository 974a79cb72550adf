import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { listTeamsOfUser } from "@/lib/teams";
import { createTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage() {
  const viewer = await getViewer();
  if (!viewer.userId) redirect("/signin?callbackUrl=/teams");
  const teams = await listTeamsOfUser(viewer.userId);
  return (
    <div>
      <h1>Your teams</h1>
      {teams.length === 0 ? (
        <p className="muted">You are not in a team yet. Create one, or open a join link from a team owner.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Team</th>
              <th>Your role</th>
              <th className="num">Members</th>
              <th className="num">Challenges</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link href={`/teams/${t.slug}`}>{t.name}</Link>
                </td>
                <td>{t.role === "OWNER" ? "owner" : "member"}</td>
                <td className="num">{t.memberCount}</td>
                <td className="num">{t.challengeCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className={styles.section}>
        <h2>Create a team</h2>
        <ActionForm action={createTeamAction} submitLabel="Create team" className={`${styles.form} ${styles.narrow}`}>
          <label htmlFor="team-name">Team name</label>
          <input id="team-name" name="name" required minLength={2} maxLength={60} />
        </ActionForm>
      </section>
    </div>
  );
}
