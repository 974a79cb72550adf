"use client";

import { useActionState, type ReactNode } from "react";
import styles from "./account.module.css";

type State = { error?: string; success?: string; secret?: string; secretLabel?: string } | null;

/** A form bound to a server action, showing its error, success message or one-time secret. */
export function ActionForm({
  action,
  children,
  submitLabel,
  className,
  confirm,
}: {
  action: (state: State, form: FormData) => Promise<State>;
  children?: ReactNode;
  submitLabel: string;
  className?: string;
  confirm?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className={className ?? styles.form}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children}
      <button type="submit" disabled={pending}>
        {pending ? "Working…" : submitLabel}
      </button>
      {state?.error && (
        <p className={styles.alert} role="alert">
          {state.error}
        </p>
      )}
      {state?.success && (
        <p className={styles.success} role="status">
          {state.success}
        </p>
      )}
      {state?.secret && (
        <div className={styles.success} role="status">
          <p>{state.secretLabel}</p>
          <code className={styles.secret} data-testid="one-time-secret">
            {state.secret}
          </code>
        </div>
      )}
    </form>
  );
}
