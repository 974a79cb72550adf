import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/auth/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";

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
        Tokens let scripts act as you: send one as <code>Authorization: Bearer mb_…</code> to any <code>/api/v1</code> route. Anyone
        holding a token can submit for your teams, so revoke tokens you no longer use.
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
          <p className="muted">No tokens yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Token</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{when(t.createdAt)}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td>
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
        )}
      </section>
    </div>
  );
}
