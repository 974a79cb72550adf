// Each job kind is defined once (lib/job-definition.ts): queue, name, zod payload and options. The
// worker's processor parses the payload with the same schema (worker/job-processor.ts).
import type { Job } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "@/lib/job-definition";
import { EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE } from "@/lib/queue";
import { EVALUATION_JOB, SHARD_JOB } from "@/lib/scheduling/evaluation-job";
import { STATISTICS_JOB } from "@/lib/statistics/job";
import { TIDE_JOB } from "@/lib/tide/job";
import { jobProcessor } from "../../worker/job-processor";

const fakeJob = (data: unknown) => ({ data }) as unknown as Job;

describe("job definitions", () => {
  it("give every job kind its own queue and name, a payload schema and retry options", () => {
    const all = [EVALUATION_JOB, SHARD_JOB, STATISTICS_JOB, TIDE_JOB];
    expect(new Set(all.map((d) => `${d.queue}/${d.name}`)).size).toBe(all.length);
    expect(EVALUATION_JOB.queue).toBe(EVALUATIONS_QUEUE);
    expect(SHARD_JOB.queue).toBe(LARGE_EVALUATIONS_QUEUE);
    for (const d of all) {
      expect(d.options.attempts).toBe(3);
      expect(d.options.backoff).toMatchObject({ type: "exponential" });
      expect(d.payload.safeParse({ submissionId: "" }).success).toBe(false);
    }
    expect(Object.isFrozen(EVALUATION_JOB)).toBe(true);
  });

  it("hand the handler the parsed payload, the job, its token and its AbortSignal", async () => {
    const definition = defineJob({ queue: "q", name: "n", payload: z.object({ id: z.string() }), options: {} });
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    const process = jobProcessor(definition, async (payload, { token, signal: s }) => {
      seen.push(payload.id, token, s);
      return payload.id.length;
    });
    await expect(process(fakeJob({ id: "abc", extra: 1 }), "tok", signal)).resolves.toBe(3);
    expect(seen).toEqual(["abc", "tok", signal]);
  });

  it("refuse a payload that does not match, for good (no retry), naming the job", async () => {
    let ran = false;
    const process = jobProcessor(STATISTICS_JOB, async () => {
      ran = true;
    });
    const refused = process(fakeJob({ submissionId: 42 }));
    await expect(refused).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refused).rejects.toThrow(/invalid bootstrap job payload/);
    expect(ran).toBe(false);
  });
});
