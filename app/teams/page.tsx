import "@/app/leaderboard.css";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { listTeamsOfUser } from "@/lib/teams";
import { createTeamAction } from "./actions";
import { ScrollTable } from "@/app/_components/table/scroll-table";

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
        <p className="muted">
          You are not in a team yet. Teams take part in challenges: create one below (a team of one is fine), or open a join link from a
          team owner.
        </p>
      ) : (
        <ScrollTable label="Your teams" sticky={1}>
          <table className="mb-table">
            <thead>
              <tr>
                <th scope="col" className="mb-left">
                  Team
                </th>
                <th scope="col" className="mb-left">
                  Your role
                </th>
                <th scope="col">Members</th>
                <th scope="col">Challenges</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <tr key={t.id}>
                  <td className="mb-left">
                    <Link href={`/teams/${t.slug}`}>{t.name}</Link>
                  </td>
                  <td className="mb-left">{t.role === "OWNER" ? "owner" : "member"}</td>
                  <td>{t.memberCount}</td>
                  <td>{t.challengeCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
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
