import { SubmissionError } from "./errors";

export type PhaseWindow = { name: string; startsAt: Date; endsAt: Date };

/** Participants may submit from startsAt (inclusive) until endsAt (exclusive). */
export function assertPhaseOpen(phase: PhaseWindow, now: Date): void {
  const dates = { startsAt: phase.startsAt.toISOString(), endsAt: phase.endsAt.toISOString() };
  if (now < phase.startsAt) {
    throw new SubmissionError(
      403,
      "phase_not_open",
      `Phase "${phase.name}" opens for submissions at ${dates.startsAt} and closes at ${dates.endsAt}; submit again once it has opened.`,
      dates,
    );
  }
  if (now >= phase.endsAt) {
    throw new SubmissionError(
      403,
      "phase_closed",
      `Phase "${phase.name}" closed for submissions at ${dates.endsAt} (it opened at ${dates.startsAt}).`,
      dates,
    );
  }
}
