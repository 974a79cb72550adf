import Link from "next/link";
import { getViewer } from "@/lib/auth/session";
import styles from "./account.module.css";
import { SignOutButton } from "./sign-out-button";

/** The signed-in user's menu in the site header (or the sign-in links). */
export async function UserMenu() {
  const viewer = await getViewer();
  if (!viewer.userId) {
    return (
      <span className={styles.menu}>
        <Link href="/signin">Sign in</Link>
        <Link href="/signup">Sign up</Link>
      </span>
    );
  }
  return (
    <span className={styles.menu} data-testid="user-menu">
      <Link href="/settings/account" title={viewer.role === "ADMIN" ? "Your account (site admin)" : "Your account"}>
        {viewer.email}
        {viewer.role === "ADMIN" ? " (admin)" : ""}
      </Link>
      <SignOutButton />
    </span>
  );
}
