import { SubmissionError } from "./errors";

export type QuotaLimits = { maxSubmissionsPerDay: number; maxSubmissionsTotal: number; maxConcurrent: number };

/** What a team has used in a phase: submissions that count (did not fail validation) and those still in flight. */
export type QuotaUsage = { today: number; total: number; inFlight: number };

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(startOfUtcDay(now).getTime() + 24 * 3600 * 1000);
}

/** Seconds a client should wait before retrying when only the in-flight cap is hit. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 30;

/**
 * Throws a 429 SubmissionError naming the exhausted quota and when it resets, or returns when one more
 * submission fits. The total quota never resets by itself (organizers can reset a team's quota).
 */
export function assertWithinQuota(limits: QuotaLimits, usage: QuotaUsage, now: Date): void {
  if (usage.total >= limits.maxSubmissionsTotal) {
    throw new SubmissionError(
      429,
      "quota_exceeded",
      `Your team has used all ${limits.maxSubmissionsTotal} submissions of this phase (submissions that failed validation do not count). This quota does not reset; ask the organizers if you need more.`,
      { quota: "total", limit: limits.maxSubmissionsTotal, used: usage.total, resetsAt: null },
    );
  }
  if (usage.today >= limits.maxSubmissionsPerDay) {
    const resetsAt = nextUtcMidnight(now);
    const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
    throw new SubmissionError(
      429,
      "quota_exceeded",
      `Your team has used all ${limits.maxSubmissionsPerDay} submissions allowed per day (UTC) in this phase; the daily quota resets at ${resetsAt.toISOString()}.`,
      { quota: "daily", limit: limits.maxSubmissionsPerDay, used: usage.today, resetsAt: resetsAt.toISOString() },
      { "Retry-After": String(retryAfter) },
    );
  }
  if (usage.inFlight >= limits.maxConcurrent) {
    throw new SubmissionError(
      429,
      "too_many_in_flight",
      `Your team already has ${usage.inFlight} submission(s) queued or running in this phase (limit ${limits.maxConcurrent}); submit again when one has finished.`,
      { quota: "concurrent", limit: limits.maxConcurrent, used: usage.inFlight, resetsAt: null },
      { "Retry-After": String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
    );
  }
}
