"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "@/app/_components/account/account.module.css";
import { signInErrorMessage } from "../signin/sign-in-errors";

/** Sign-up runs through next-auth's "signup" credentials provider: the account is created and signed in at once. */
export function SignUpForm({ callbackUrl, minLength }: { callbackUrl: string; minLength: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("password") !== form.get("confirm")) {
      setError("The two passwords differ.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("signup", {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(signInErrorMessage(result?.error ?? "Default"));
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} method="post" className={styles.form}>
      <label htmlFor="name">Name (optional)</label>
      <input id="name" name="name" autoComplete="name" maxLength={100} />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={minLength} required />
      <label htmlFor="confirm">Password again</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={minLength} required />
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
      {error && (
        <p className={styles.alert} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
