// The helper thread runs the replicate evaluator from its source text: it must compute the same
// numbers as this thread, under whatever transpiler loaded lib/eval (here: vitest's).
import { describe, expect, it } from "vitest";
import { defaultParams, prepareGroundTruth } from "@/lib/eval";
import { evaluateForBootstrap, runReplicates } from "@/lib/eval/bootstrap";
import { DONE } from "@/lib/eval/bootstrap/claim-replicates";
import { summarySlots } from "@/lib/eval/summarize";
import { createJob, waitForHelper } from "@/lib/eval/bootstrap/run-replicates";
import { replicateWorker } from "@/lib/eval/bootstrap/replicate-thread";
import { mulberry32 } from "@/lib/seeded-random";
import { boxCase } from "@/scripts/synth/boxes";

function setup(replicates: number) {
  const { gt, dt } = boxCase({ seed: 9, images: 80, categories: 4, gtPerImage: 3, crowd: 0.05 });
  const { cache } = evaluateForBootstrap(prepareGroundTruth(gt, "bbox"), dt, defaultParams("bbox"));
  const n = cache.imageIds.length;
  const counts = new Uint16Array(replicates * n);
  const random = mulberry32(5);
  for (let b = 0; b < replicates; b++) for (let i = 0; i < n; i++) counts[b * n + Math.floor(random() * n)]++;
  return { cache, draws: { replicates, images: n, counts } };
}

describe("replicates on the helper thread", () => {
  it("the helper alone computes every replicate as this thread does", () => {
    const { cache, draws } = setup(30);
    const here = runReplicates(cache, draws, { parallel: false, perClass: true });
    const worker = replicateWorker();
    expect(worker).not.toBeNull();
    const job = createJob(cache, draws, true, true);
    worker!.post({ ...job, cache, slots: summarySlots(cache.params), perClassWanted: true });
    expect(waitForHelper(job, () => worker!.discard())).toBe(30);
    expect(Array.from(job.state).every((s) => s === DONE)).toBe(true);
    expect(Array.from(job.stats)).toEqual(Array.from(here.stats));
    expect(Array.from(job.perClass!)).toEqual(Array.from(here.perClass!));
  });

  it("two threads sharing the work give the single thread's numbers", () => {
    const { cache, draws } = setup(200);
    const one = runReplicates(cache, draws, { parallel: false });
    const two = runReplicates(cache, draws, { parallel: true });
    expect(one.helperReplicates).toBe(0);
    expect(Array.from(two.stats)).toEqual(Array.from(one.stats));
  });
});
