import { describe, expect, it } from "vitest";
import { assertWithinQuota, nextUtcMidnight, startOfUtcDay } from "@/lib/submissions/quota";
import { assertPhaseOpen } from "@/lib/submissions/phase-window";
import { SubmissionError } from "@/lib/submissions/errors";
import { overallProgress } from "@/lib/scoring/progress";

const limits = { maxSubmissionsPerDay: 3, maxSubmissionsTotal: 10, maxConcurrent: 2 };
const now = new Date("2026-03-04T22:30:00Z");

function refusal(fn: () => void): SubmissionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SubmissionError) return e;
    throw e;
  }
  throw new Error("expected a SubmissionError");
}

describe("quota rules", () => {
  it("accepts while every quota has room", () => {
    expect(() => assertWithinQuota(limits, { today: 2, total: 9, inFlight: 1 }, now)).not.toThrow();
  });

  it("refuses the daily quota with the next UTC midnight and Retry-After", () => {
    const e = refusal(() => assertWithinQuota(limits, { today: 3, total: 3, inFlight: 0 }, now));
    expect(e.status).toBe(429);
    expect(e.details).toMatchObject({ quota: "daily", limit: 3, used: 3, resetsAt: "2026-03-05T00:00:00.000Z" });
    expect(e.headers["Retry-After"]).toBe(String(90 * 60));
    expect(e.message).toContain("2026-03-05T00:00:00.000Z");
  });

  it("refuses the total quota as never resetting by itself", () => {
    const e = refusal(() => assertWithinQuota(limits, { today: 0, total: 10, inFlight: 0 }, now));
    expect(e.details).toMatchObject({ quota: "total", resetsAt: null });
    expect(e.message).toMatch(/does not reset/);
    expect(e.headers["Retry-After"]).toBeUndefined();
  });

  it("refuses a third in-flight submission", () => {
    const e = refusal(() => assertWithinQuota(limits, { today: 0, total: 0, inFlight: 2 }, now));
    expect(e.code).toBe("too_many_in_flight");
    expect(e.headers["Retry-After"]).toBe("30");
  });

  it("computes UTC day boundaries", () => {
    expect(startOfUtcDay(now).toISOString()).toBe("2026-03-04T00:00:00.000Z");
    expect(nextUtcMidnight(new Date("2026-12-31T23:59:59Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("phase window", () => {
  const phase = { name: "Test", startsAt: new Date("2026-03-01T00:00:00Z"), endsAt: new Date("2026-03-10T00:00:00Z") };

  it("is open from startsAt inclusive to endsAt exclusive", () => {
    expect(() => assertPhaseOpen(phase, phase.startsAt)).not.toThrow();
    expect(refusal(() => assertPhaseOpen(phase, phase.endsAt)).code).toBe("phase_closed");
  });

  it("names both dates when refusing", () => {
    const early = refusal(() => assertPhaseOpen(phase, new Date("2026-02-28T12:00:00Z")));
    expect(early.status).toBe(403);
    expect(early.code).toBe("phase_not_open");
    expect(early.message).toContain("2026-03-01T00:00:00.000Z");
    expect(early.details).toEqual({ startsAt: "2026-03-01T00:00:00.000Z", endsAt: "2026-03-10T00:00:00.000Z" });
  });
});

describe("progress", () => {
  it("maps stage fractions onto one increasing 0..1 scale", () => {
    const points = [
      overallProgress("parsing", 0),
      overallProgress("parsing", 1),
      overallProgress("loading", 0.5),
      overallProgress("matching", 0.5),
      overallProgress("accumulating", 1),
    ].map((p) => p.progress);
    expect(points[0]).toBe(0);
    expect(points.at(-1)).toBe(1);
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeGreaterThan(points[i - 1]);
    expect(overallProgress("loading", 0.2).stage).toBe("matching");
    expect(overallProgress("parsing", Number.NaN).progress).toBe(0);
  });
});
