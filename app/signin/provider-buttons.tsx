"use client";

import { signIn } from "next-auth/react";
import styles from "@/app/_components/account/account.module.css";

export function ProviderButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className={styles.providers}>
      {providers.map((p) => (
        <button key={p.id} type="button" className="secondary" onClick={() => signIn(p.id, { callbackUrl })}>
          Continue with {p.name}
        </button>
      ))}
    </div>
  );
}
