import { describe, expect, it } from "vitest";
import { EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE } from "@/lib/queue";
import {
  DEFAULT_DURATION_MODEL,
  MAX_PRIORITY,
  expectedSeconds,
  fitDurationModel,
  jobPriority,
  queueForSize,
  secondsUntilStart,
  sizeClass,
} from "@/lib/scheduling";

const MiB = 1024 * 1024;

describe("scheduling policy", () => {
  it("sends files from the threshold up to the large-job queue", () => {
    expect(queueForSize(64 * MiB - 1, 64 * MiB)).toBe(EVALUATIONS_QUEUE);
    expect(queueForSize(64 * MiB, 64 * MiB)).toBe(LARGE_EVALUATIONS_QUEUE);
  });

  it("ranks fair share first, then expected work", () => {
    expect(sizeClass(0)).toBe(0);
    expect(sizeClass(64 * 1024)).toBe(0);
    expect(sizeClass(128 * 1024)).toBe(1);
    expect(sizeClass(1e15)).toBe(31);
    // A team's second submission waits behind every team's first, whatever the sizes.
    expect(jobPriority(2000 * MiB, 0)).toBeLessThan(jobPriority(1, 1));
    // Among first submissions, the smaller file goes first.
    expect(jobPriority(1 * MiB, 0)).toBeLessThan(jobPriority(50 * MiB, 0));
    expect(jobPriority(1, 0)).toBe(1);
    expect(jobPriority(1, 1e9)).toBe(MAX_PRIORITY);
  });

  it("fits seconds = a + b * bytes to finished runs", () => {
    expect(fitDurationModel([])).toBe(DEFAULT_DURATION_MODEL);
    const runs = [1, 2, 4, 8].map((mb) => ({ byteSize: mb * MiB, seconds: 2 + 0.5 * mb }));
    const model = fitDurationModel(runs);
    expect(model.fixedSeconds).toBeCloseTo(2, 9);
    expect(expectedSeconds(model, 10 * MiB)).toBeCloseTo(7, 9);
    // Never negative, even for runs that got faster with size.
    const odd = fitDurationModel([3, 2, 1].map((s, i) => ({ byteSize: (i + 1) * MiB, seconds: s })));
    expect(odd.fixedSeconds).toBeGreaterThanOrEqual(0);
    expect(odd.secondsPerByte).toBeGreaterThan(0);
  });

  it("simulates the slots to estimate a start", () => {
    expect(secondsUntilStart(0, [], [])).toBeNull();
    expect(secondsUntilStart(1, [], [])).toBe(0);
    expect(secondsUntilStart(1, [5], [10, 10])).toBe(25);
    // Two slots: 5 and 8 busy; jobs of 10 go to 5 (-> 15) then 8 (-> 18): we start at 15.
    expect(secondsUntilStart(2, [5, 8], [10, 10])).toBe(15);
  });
});
