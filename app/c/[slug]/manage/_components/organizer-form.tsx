"use client";

import { createContext, startTransition, useActionState, useContext, useEffect, useId, useRef, type ReactNode } from "react";
import type { FormState } from "@/lib/challenges/form-feedback";

const FormContext = createContext<{ state: FormState; pending: boolean; id: string } | null>(null);

/**
 * An organizer form bound to a server action that returns a FormState when it refuses the input
 * (and redirects when it succeeds). What the organizer typed stays in the form; the refusal is shown
 * above the form and next to each field at fault (<FieldError name=...>), and the first such field
 * gets the focus. Without JavaScript the form still posts to the action.
 */
export function OrganizerForm(props: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
}) {
  const [state, dispatch, pending] = useActionState(props.action, null);
  const ref = useRef<HTMLFormElement>(null);
  const id = useId();
  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    let first: HTMLElement | null = null;
    for (const name of Object.keys(state?.fields ?? {})) {
      const el = form.elements.namedItem(name);
      if (!(el instanceof HTMLElement)) continue;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `${id}-${name}`);
      first ??= el;
    }
    first?.focus();
  }, [state, id]);
  return (
    <FormContext.Provider value={{ state, pending, id }}>
      <form
        ref={ref}
        action={dispatch}
        className={props.className ?? "mo-form"}
        aria-label={props["aria-label"]}
        onSubmit={(e) => {
          // Dispatched by hand: React resets a form whose `action` ran, which would wipe what was typed.
          e.preventDefault();
          const data = new FormData(e.currentTarget, e.nativeEvent.submitter);
          startTransition(() => dispatch(data));
        }}
      >
        {state?.error ? (
          <p className="mo-notice mo-notice-error" role="alert">
            {state.error}
          </p>
        ) : null}
        {props.children}
      </form>
    </FormContext.Provider>
  );
}

/** The refusal message for one input of the enclosing OrganizerForm, shown under it. */
export function FieldError({ name }: { name: string }) {
  const ctx = useContext(FormContext);
  const message = ctx?.state?.fields[name];
  if (!ctx || !message) return null;
  return (
    <span className="mo-field-error" id={`${ctx.id}-${name}`}>
      {message}
    </span>
  );
}

/** The form's submit button: disabled (and saying so) while the action runs. */
export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const ctx = useContext(FormContext);
  return (
    <button type="submit" className={className} disabled={ctx?.pending}>
      {ctx?.pending ? "Saving…" : children}
    </button>
  );
}
