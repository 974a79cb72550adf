import { SubmissionError } from "./errors";

export type PhaseWindow = { name: string; startsAt: Date; endsAt: Date; allowLateSubmissions?: boolean };

/**
 * Where a phase stands for submissions: "upcoming" before startsAt, "open" from startsAt (inclusive)
 * until endsAt (exclusive), then "late" when the organizers accept late submissions (scored, never
 * ranked, as on Kaggle) or "closed".
 */
export type PhaseState = "upcoming" | "open" | "late" | "closed";

export function phaseState(phase: PhaseWindow, now: Date): PhaseState {
  if (now < phase.startsAt) return "upcoming";
  if (now < phase.endsAt) return "open";
  return phase.allowLateSubmissions ? "late" : "closed";
}

/** Whether a participant may submit now; throws the reason when not. `late`: the entry will not be ranked. */
export function admitToPhase(phase: PhaseWindow, now: Date): { late: boolean } {
  const dates = { startsAt: phase.startsAt.toISOString(), endsAt: phase.endsAt.toISOString() };
  const state = phaseState(phase, now);
  if (state === "upcoming") {
    throw new SubmissionError(
      403,
      "phase_not_open",
      `Phase "${phase.name}" opens for submissions at ${dates.startsAt} and closes at ${dates.endsAt}; submit again once it has opened.`,
      dates,
    );
  }
  if (state === "closed") {
    throw new SubmissionError(
      403,
      "phase_closed",
      `Phase "${phase.name}" closed for submissions at ${dates.endsAt} (it opened at ${dates.startsAt}).`,
      dates,
    );
  }
  return { late: state === "late" };
}

/** Participants may submit from startsAt (inclusive) until endsAt (exclusive), or later when late submissions are on. */
export function assertPhaseOpen(phase: PhaseWindow, now: Date): void {
  admitToPhase(phase, now);
}
