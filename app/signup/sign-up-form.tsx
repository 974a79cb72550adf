"use client";

import { CredentialsForm } from "@/app/_components/account/credentials-form";

const passwordsDiffer = (form: FormData) => (form.get("password") !== form.get("confirm") ? "The two passwords differ." : null);

/** Sign-up runs through next-auth's "signup" credentials provider; the form then signs in with the same email and password. */
export function SignUpForm({ callbackUrl, minLength }: { callbackUrl: string; minLength: number }) {
  return (
    <CredentialsForm
      provider="signup"
      fields={["name", "email", "password"]}
      callbackUrl={callbackUrl}
      check={passwordsDiffer}
      submitLabel="Create account"
      pendingLabel="Creating account…"
    >
      <label htmlFor="name">Name (optional)</label>
      <input id="name" name="name" autoComplete="name" maxLength={100} />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={minLength} required />
      <label htmlFor="confirm">Password again</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={minLength} required />
    </CredentialsForm>
  );
}
