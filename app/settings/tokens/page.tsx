import "@/app/leaderboard.css";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/auth/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";
import { ScrollTable } from "@/app/_components/table/scroll-table";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

function when(d: Date | null): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never";
}

export default async function TokensPage() {
  const viewer = await getViewer();
  if (!viewer.userId) redirect("/signin?callbackUrl=/settings/tokens");
  const tokens = await listApiTokens(viewer.userId);
  return (
    <div>
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let scripts act as you: send one as <code>Authorization: Bearer mb_…</code> to any <code>/api/v1</code> route. Anyone holding
        a token can submit for your teams, so revoke tokens you no longer use.
      </p>
      <section className={styles.section}>
        <h2>New token</h2>
        <ActionForm action={createTokenAction} submitLabel="Create token" className={`${styles.form} ${styles.narrow}`}>
          <label htmlFor="token-name">Name (what it is for)</label>
          <input id="token-name" name="name" required maxLength={100} placeholder="e.g. training server" />
        </ActionForm>
      </section>
      <section className={styles.section}>
        <h2>Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="muted">No tokens yet. Create one above to submit from a training script or CI.</p>
        ) : (
          <ScrollTable label="Your tokens" sticky={1}>
            <table className="mb-table">
              <thead>
                <tr>
                  <th scope="col" className="mb-left">
                    Name
                  </th>
                  <th scope="col" className="mb-left">
                    Token
                  </th>
                  <th scope="col" className="mb-left">
                    Created
                  </th>
                  <th scope="col" className="mb-left">
                    Last used
                  </th>
                  <th scope="col" className="mb-left">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td className="mb-left">{t.name}</td>
                    <td className="mb-left">
                      <code>{t.prefix}…</code>
                    </td>
                    <td className="mb-left">{when(t.createdAt)}</td>
                    <td className="mb-left">{when(t.lastUsedAt)}</td>
                    <td className="mb-left">
                      {t.revokedAt ? (
                        <span className="muted">revoked {when(t.revokedAt)}</span>
                      ) : (
                        <ActionForm
                          action={revokeTokenAction}
                          submitLabel="Revoke"
                          className={styles.inline}
                          confirm={`Revoke "${t.name}"? Scripts using it will stop working.`}
                        >
                          <input type="hidden" name="tokenId" value={t.id} />
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
