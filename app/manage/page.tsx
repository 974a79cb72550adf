import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/session";
import { canCreateChallenge } from "@/lib/auth/policy";
import { managedChallenges } from "@/lib/challenges/listing";
import "../manage.css";
import { ScrollTable } from "@/app/_components/table/scroll-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Challenges you organize" };

export default async function ManageHome() {
  const viewer = await getViewer();
  if (!viewer.userId) redirect("/signin?callbackUrl=/manage");
  const challenges = await managedChallenges(viewer);
  return (
    <div className="mo-manage">
      <h1>Organizer console</h1>
      {canCreateChallenge(viewer) ? (
        <p>
          <Link href="/manage/new">Create a challenge</Link>
        </p>
      ) : (
        <p className="mo-hint">To create challenges, ask a site admin for the right to create them.</p>
      )}
      {challenges.length === 0 ? (
        <p>You do not organize any challenge yet.</p>
      ) : (
        <ScrollTable label="Your challenges" sticky={1}>
          <table className="mo-table">
            <thead>
              <tr>
                <th>Challenge</th>
                <th>Status</th>
                <th className="mo-num">Phases</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {challenges.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/c/${c.slug}/manage`}>{c.title}</Link> <code>{c.slug}</code>
                  </td>
                  <td>
                    <span className={`mo-status mo-status-${c.status.toLowerCase()}`}>{c.status}</span>
                  </td>
                  <td className="mo-num">{c._count.phases}</td>
                  <td>{c.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </div>
  );
}
