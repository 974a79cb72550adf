import type { PhaseState } from "@/lib/submissions/phase-window";
import { formatDate } from "@/app/_components/leaderboard/query";

/** What a phase's window means for submitting now: opens later, open until, closed, or closed with late entries. */
export function PhaseStateNote({ phase, state }: { phase: { name: string; startsAt: Date; endsAt: Date }; state: PhaseState }) {
  if (state === "open")
    return (
      <p data-testid="phase-state">
        <strong>{phase.name}</strong> is open for submissions until {formatDate(phase.endsAt)}.
      </p>
    );
  if (state === "upcoming")
    return (
      <p className="mb-note" data-testid="phase-state">
        <strong>{phase.name}</strong> opens for submissions on {formatDate(phase.startsAt)} (until {formatDate(phase.endsAt)}).
      </p>
    );
  if (state === "late")
    return (
      <p className="mb-note mb-warn" data-testid="phase-state">
        <strong>{phase.name}</strong> closed on {formatDate(phase.endsAt)}. The organizers accept <strong>late submissions</strong>: they
        are scored and shown on your team&apos;s pages, but never ranked.
      </p>
    );
  return (
    <p className="mb-note mb-warn" data-testid="phase-state">
      <strong>{phase.name}</strong> closed on {formatDate(phase.endsAt)}: it no longer accepts submissions. Its leaderboard stays online.
    </p>
  );
}
