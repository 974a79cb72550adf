"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { signInErrorMessage } from "@/app/signin/sign-in-errors";
import { SIGN_UP_RECEIVED } from "@/lib/auth/sign-up-answer";
import styles from "./account.module.css";
import { formText } from "@/lib/form-data";

/**
 * A form posting its `fields` to one of next-auth's credentials providers ("credentials" signs in, "signup"
 * creates the account, then the form signs in), then going to `callbackUrl`. Errors (incl. rate limits) stay on the page.
 */
export function CredentialsForm(props: {
  provider: "credentials" | "signup";
  fields: string[];
  callbackUrl: string;
  submitLabel: string;
  pendingLabel: string;
  initialError?: string | null;
  /** A problem found before asking the server, or null. */
  check?: (form: FormData) => string | null;
  children: ReactNode;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(props.initialError ?? null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const problem = props.check?.(form) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setPending(true);
    setError(null);
    const values = Object.fromEntries(props.fields.map((name) => [name, formText(form, name)]));
    let result = await signIn(props.provider, { ...values, redirect: false });
    let afterSignUp = false;
    if (props.provider === "signup" && result?.error === SIGN_UP_RECEIVED) {
      // Sign-up answers alike for free and taken emails (no account enumeration): sign in with what was typed.
      afterSignUp = true;
      result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    }
    setPending(false);
    if (!result || result.error) {
      const code = result?.error ?? "Default";
      setError(signInErrorMessage(afterSignUp && code === "CredentialsSignin" ? "SignUpThenSignInFailed" : code));
      return;
    }
    router.push(props.callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} method="post" className={styles.form}>
      {props.children}
      <button type="submit" disabled={pending}>
        {pending ? props.pendingLabel : props.submitLabel}
      </button>
      {error && (
        <p className={styles.alert} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
