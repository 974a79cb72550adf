"use client";

import { signOut } from "next-auth/react";
import styles from "./account.module.css";

export function SignOutButton() {
  return (
    <button type="button" className={styles.linkButton} onClick={() => signOut({ callbackUrl: "/" })}>
      Sign out
    </button>
  );
}
