import { HiddenContext } from "./hidden-context";

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * A consequential phase action (release the private split, re-run everything) behind two steps: the
 * button opens a panel that says what will happen and asks for a confirmation tick; while the phase
 * is open, also for an explicit override (the server refuses without it and audits it with it).
 */
export function SafeguardedAction(props: {
  action: (form: FormData) => Promise<void>;
  slug: string;
  back: string;
  phase: { slug: string; name: string; endsAt: Date };
  label: string;
  consequence: string;
  confirmText: string;
  openWarning: string;
  now: Date;
}) {
  const open = props.now < props.phase.endsAt;
  return (
    <details className="mo-safeguard">
      <summary className="button danger secondary">{props.label}…</summary>
      <form action={props.action} className="mo-safeguard-panel">
        <HiddenContext slug={props.slug} back={props.back} phase={props.phase.slug} />
        <p>{props.consequence}</p>
        <label className="mo-check">
          <input type="checkbox" name="confirm" required /> {props.confirmText}
        </label>
        {open ? (
          <label className="mo-check mo-override">
            <input type="checkbox" name="override" required /> Phase &ldquo;{props.phase.name}&rdquo; is open until{" "}
            {utc(props.phase.endsAt)}: {props.openWarning} Do it anyway (recorded in the audit log).
          </label>
        ) : null}
        <button type="submit" className="danger">
          {props.label}
        </button>
      </form>
    </details>
  );
}
