"use client";

import { CredentialsForm } from "@/app/_components/account/credentials-form";

/** Email/password sign-in through next-auth's credentials endpoint. */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  return (
    <CredentialsForm
      provider="credentials"
      fields={["email", "password"]}
      callbackUrl={callbackUrl}
      initialError={initialError}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
    >
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
    </CredentialsForm>
  );
}
