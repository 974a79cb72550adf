import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { countLiveSessions } from "@/lib/auth/sessions";
import { hasPassword } from "@/lib/auth/users";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from "@/lib/auth/passwords";
import { env } from "@/lib/config";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const viewer = await getViewer();
  if (!viewer.userId) redirect("/signin?callbackUrl=/settings/account");
  const [sessions, password] = await Promise.all([countLiveSessions(viewer, viewer.userId), hasPassword(viewer.userId)]);
  return (
    <div className={styles.narrow}>
      <h1>Account</h1>
      <p className="muted">
        Signed in as <strong>{viewer.email}</strong>. Scripts use <Link href="/settings/tokens">API tokens</Link>, which are revoked
        separately.
      </p>
      <section className={styles.section}>
        <h2>Sessions</h2>
        <p data-testid="session-count">
          {sessions === 1 ? "You are signed in in 1 browser (this one)." : `You are signed in in ${sessions} browsers, this one included.`}{" "}
          A session ends when you sign out, after {env.SESSION_IDLE_DAYS} days without use, and 30 days after signing in.
        </p>
        <ActionForm
          action={signOutEverywhereAction}
          submitLabel="Sign out everywhere"
          className={styles.form}
          confirm="Sign out of every browser, this one included?"
        />
      </section>
      {password && (
        <section className={styles.section}>
          <h2>Change password</h2>
          <ActionForm action={changePasswordAction} submitLabel="Change password" className={styles.form}>
            <label htmlFor="current-password">Current password</label>
            <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
            <label htmlFor="new-password">New password</label>
            <input
              id="new-password"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={PASSWORD_MAX_LENGTH}
            />
            <ul className={styles.rules}>
              {PASSWORD_RULES.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
            <p className="muted">Changing it signs you out everywhere; sign in again with the new password.</p>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
