import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/_components/account/action-form";
import styles from "@/app/_components/account/account.module.css";
import { getViewer } from "@/lib/auth/session";
import { previewInvite } from "@/lib/teams";
import { joinTeamAction } from "../../actions";

export const metadata: Metadata = { title: "Join a team" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ code: string }> };

export default async function JoinTeamPage({ params }: Props) {
  const { code } = await params;
  const [invite, viewer] = await Promise.all([previewInvite(code), getViewer()]);
  if (invite.state === "unknown") {
    return (
      <div className={styles.narrow}>
        <h1>Join a team</h1>
        <p className={styles.alert}>This invite link is not valid. Ask the team owner for a new one.</p>
      </div>
    );
  }
  if (invite.state !== "valid") {
    return (
      <div className={styles.narrow}>
        <h1>Join {invite.team.name}</h1>
        <p className={styles.alert}>
          This invite link has {invite.state === "expired" ? "expired" : "been revoked"}. Ask the team owner for a new one.
        </p>
      </div>
    );
  }
  const here = `/teams/join/${encodeURIComponent(code)}`;
  return (
    <div className={styles.narrow}>
      <h1>Join {invite.team.name}</h1>
      {viewer.userId ? (
        <ActionForm action={joinTeamAction} submitLabel={`Join ${invite.team.name}`}>
          <input type="hidden" name="code" value={code} />
          <p>
            You are signed in as {viewer.email}. Joining also enters you in the challenges this team is registered for; a person can be in
            only one team per challenge.
          </p>
        </ActionForm>
      ) : (
        <p>
          <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
          <Link href={`/signup?callbackUrl=${encodeURIComponent(here)}`}>create an account</Link> to join this team.
        </p>
      )}
    </div>
  );
}
