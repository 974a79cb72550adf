import Link from "next/link";
import type { ParticipationStep } from "@/lib/challenges-public/participation";
import { ActionForm } from "@/app/_components/account/action-form";
import { registerFromChallengePageAction } from "./actions";

/** The challenge page's call to action: the viewer's next step towards a scored submission. */
export function ParticipationPanel({ step, slug, phaseSlug }: { step: ParticipationStep; slug: string; phaseSlug?: string }) {
  const base = `/c/${encodeURIComponent(slug)}`;
  const q = phaseSlug ? `?phase=${encodeURIComponent(phaseSlug)}` : "";
  const here = encodeURIComponent(base);
  switch (step.kind) {
    case "closed":
      return null;
    case "sign-in":
      return (
        <Panel title="Take part">
          <p>
            <Link className="button" href={`/signin?callbackUrl=${here}`}>
              Sign in
            </Link>{" "}
            or <Link href={`/signup?callbackUrl=${here}`}>create an account</Link> to register a team and submit results.
          </p>
        </Panel>
      );
    case "create-team":
      return (
        <Panel title="Take part">
          <p>
            Teams take part, not single accounts:{" "}
            <Link className="button" href="/teams">
              Create a team
            </Link>{" "}
            (alone is fine), then come back here to register it.
          </p>
        </Panel>
      );
    case "register":
      return (
        <Panel title="Register your team">
          <ActionForm action={registerFromChallengePageAction} submitLabel="Register team" className="mb-inline">
            <input type="hidden" name="challenge" value={slug} />
            {step.teams.length === 1 ? (
              <>
                <input type="hidden" name="teamSlug" value={step.teams[0].slug} />
                <span>
                  Register <strong>{step.teams[0].name}</strong> to submit results.
                </span>
              </>
            ) : (
              <label className="mb-inline">
                Team
                <select name="teamSlug">
                  {step.teams.map((t) => (
                    <option key={t.slug} value={t.slug}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </ActionForm>
          <p className="mb-muted mb-small">Every member of the team takes part with it; a person can be in only one team per challenge.</p>
        </Panel>
      );
    case "ask-owner":
      return (
        <Panel title="Register your team">
          <p>
            Only a team&apos;s owner can register it. Ask the owner of{" "}
            {step.teams.map((t, i) => (
              <span key={t.slug}>
                {i > 0 ? ", " : ""}
                <Link href={`/teams/${encodeURIComponent(t.slug)}`}>{t.name}</Link>
              </span>
            ))}{" "}
            to register, or <Link href="/teams">create your own team</Link>.
          </p>
        </Panel>
      );
    case "submit":
      return (
        <Panel title="Your team takes part">
          <p>
            <Link className="button" href={`${base}/submit${q}`}>
              Submit results
            </Link>{" "}
            <Link href={`${base}/my-submissions${q}`}>My submissions</Link>
          </p>
        </Panel>
      );
    case "disqualified":
      return <p className="mb-note mb-warn">Your team was disqualified from this challenge by its organizers.</p>;
    case "organizer":
      return (
        <Panel title="You organize this challenge">
          <p>
            <Link className="button" href={`${base}/submit${q}`}>
              Upload a baseline
            </Link>{" "}
            <Link href={`${base}/manage`}>Manage the challenge</Link>
          </p>
        </Panel>
      );
  }
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mb-cta" aria-label={title} data-testid="participation">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
