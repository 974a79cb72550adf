import type { ReactNode } from "react";
import { HiddenContext } from "./hidden-context";

type Props = {
  action: (form: FormData) => Promise<void>;
  slug: string;
  back: string;
  phase?: string;
  /** Hidden fields naming what the action applies to, e.g. { submission: id, op: "rerun" }. */
  fields?: Record<string, string>;
  label: string;
  danger?: boolean;
  /** A quiet (outlined) button for routine actions. */
  secondary?: boolean;
  /** Inputs the organizer fills in before pressing the button (e.g. a reason). */
  children?: ReactNode;
};

/** One dashboard action: a form with the challenge context, what it applies to, and its button. */
export function ActionButton({ action, slug, back, phase, fields = {}, label, danger = false, secondary = false, children }: Props) {
  return (
    <form action={action}>
      <HiddenContext slug={slug} back={back} phase={phase} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" className={[danger ? "danger" : "", secondary ? "secondary" : ""].filter(Boolean).join(" ") || undefined}>
        {label}
      </button>
    </form>
  );
}
