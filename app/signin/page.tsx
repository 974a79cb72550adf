import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import styles from "@/app/_components/account/account.module.css";
import { externalSignInProviders } from "@/lib/auth/options";
import { getViewer } from "@/lib/auth/session";
import { ProviderButtons } from "./provider-buttons";
import { safeCallbackUrl } from "./safe-callback";
import { SignInForm } from "./sign-in-form";
import { signInNotice, signInPageError } from "./sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; ok?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if ((await getViewer()).userId) redirect(callbackUrl);
  const error = signInPageError(params.error);
  const notice = signInNotice(params.ok);
  return (
    <div className={styles.narrow}>
      <h1>Sign in</h1>
      {notice && (
        <p className={styles.success} role="status">
          {notice}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
      <ProviderButtons providers={externalSignInProviders()} callbackUrl={callbackUrl} />
      <p>
        No account yet? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create one</Link>.
      </p>
    </div>
  );
}
