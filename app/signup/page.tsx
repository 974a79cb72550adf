import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import styles from "@/app/_components/account/account.module.css";
import { PASSWORD_MIN_LENGTH, PASSWORD_RULES } from "@/lib/auth/passwords";
import { getViewer } from "@/lib/auth/session";
import { safeCallbackUrl } from "../signin/safe-callback";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if ((await getViewer()).userId) redirect(callbackUrl);
  return (
    <div className={styles.narrow}>
      <h1>Create an account</h1>
      <p className="muted">Password rules:</p>
      <ul className={styles.rules}>
        {PASSWORD_RULES.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <SignUpForm callbackUrl={callbackUrl} minLength={PASSWORD_MIN_LENGTH} />
      <p>
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>.
      </p>
    </div>
  );
}
