import { describe, expect, it } from "vitest";
import { formFeedback } from "@/lib/challenges/form-feedback";
import { ChallengeError } from "@/lib/challenges/errors";
import { phaseBodySchema } from "@/lib/challenges/schemas";
import { evalConfigInputSchema } from "@/lib/challenges/protocol";

describe("formFeedback", () => {
  it("puts each validation problem next to its form input, in plain words, and lists them with the labels", () => {
    const parsed = phaseBodySchema.safeParse({
      name: "Test",
      startsAt: "2026-02-01T00:00:00Z",
      endsAt: "2026-01-01T00:00:00Z",
      maxSubmissionsPerDay: -1,
      maxUploadBytes: 0,
    });
    expect(parsed.success).toBe(false);
    const state = formFeedback(parsed.error);
    expect(state.fields).toEqual({
      endsAt: "the phase would end (2026-01-01 00:00 UTC) before it starts (2026-02-01 00:00 UTC): pick an end after the start",
      maxSubmissionsPerDay: "must be 0 or more",
      maxUploadMiB: "must be more than 0",
    });
    expect(state.error).toContain("Ends (UTC): the phase would end");
    expect(state.error).toContain("Submissions per day: must be 0 or more");
    expect(state.error).not.toMatch(/endsAt|Z\)/);
  });

  it("maps a refusal's problems to inputs and keeps its message as the summary", () => {
    const err = new ChallengeError(409, "slug_taken", 'The slug "demo" is already used by another challenge: choose another one.', [
      { path: "slug", message: "already taken" },
    ]);
    expect(formFeedback(err)).toEqual({ error: err.message, fields: { slug: "already taken" } });
    const split = new ChallengeError(422, "ground_truth_required", "Upload the ground truth first.", [
      { path: "split.publicImageIds", message: "needs a ground truth" },
    ]);
    expect(formFeedback(split).fields).toEqual({ publicImageIds: "needs a ground truth" });
  });

  it("puts a statistics problem next to its protocol form input (the bootstrap seed is not the split's seed)", () => {
    const parsed = evalConfigInputSchema.safeParse({ statistics: { replicates: 5, seed: -2 } });
    expect(parsed.success).toBe(false);
    const state = formFeedback(parsed.error);
    expect(Object.keys(state.fields).sort()).toEqual(["bootstrapSeed", "replicates"]);
    expect(state.error).toContain("Replicates: at least 100 replicates");
  });
});
