import "@/app/leaderboard.css";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { canAdministerUsers } from "@/lib/auth/policy";
import { getViewer } from "@/lib/auth/session";
import { listUsersForAdmin } from "@/lib/auth/user-directory";
import { setChallengeCreationAction } from "./actions";
import { ScrollTable } from "@/app/_components/table/scroll-table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ email?: string | string[] }> }) {
  const viewer = await getViewer();
  if (!canAdministerUsers(viewer)) notFound();
  const raw = (await searchParams).email;
  const query = (Array.isArray(raw) ? raw[0] : (raw ?? "")).slice(0, 200);
  const { users, total } = await listUsersForAdmin(viewer, query);
  return (
    <div>
      <h1>Users</h1>
      <p className="muted">Site admins grant or revoke the right to create challenges here (admins may always create them).</p>
      <form method="get" className={`${styles.inline} ${styles.section}`} role="search">
        <label htmlFor="user-search">Email contains</label>
        <input id="user-search" name="email" type="search" defaultValue={query} maxLength={200} />
        <button type="submit">Search</button>
      </form>
      <p className="muted" data-testid="user-count">
        {total === 0
          ? "No users match."
          : total > users.length
            ? `Showing the newest ${users.length} of ${total} users: search by email to narrow.`
            : `${total} user(s).`}
      </p>
      {users.length > 0 && (
        <ScrollTable label="Users" sticky={1}>
          <table className="mb-table">
            <thead>
              <tr>
                <th scope="col" className="mb-left">
                  Email
                </th>
                <th scope="col" className="mb-left">
                  Name
                </th>
                <th scope="col" className="mb-left">
                  Role
                </th>
                <th scope="col" className="mb-left">
                  Can create challenges
                </th>
                <th scope="col" className="mb-left">
                  Created
                </th>
                <th scope="col" className="mb-left">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid="user-row">
                  <td className="mb-left">{u.email}</td>
                  <td className="mb-left">{u.name ?? ""}</td>
                  <td className="mb-left">{u.role === "ADMIN" ? "admin" : "user"}</td>
                  <td className="mb-left">{u.role === "ADMIN" ? "yes (admin)" : u.canCreateChallenges ? "yes" : "no"}</td>
                  <td className="mb-left">{u.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="mb-left">
                    <ActionForm
                      action={setChallengeCreationAction}
                      submitLabel={u.canCreateChallenges ? "Revoke" : "Grant"}
                      className={styles.inline}
                    >
                      <input type="hidden" name="email" value={u.email} />
                      <input type="hidden" name="allowed" value={u.canCreateChallenges ? "false" : "true"} />
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </div>
  );
}
