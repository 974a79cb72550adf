import { describe, expect, it } from "vitest";
import { evaluationThreadHeapMb, MIN_EVAL_THREAD_HEAP_MB } from "@/lib/scheduling/thread-heap";

const GiB = 1024 ** 3;

describe("evaluationThreadHeapMb", () => {
  it("gives the default two slots 60% of the machine between them", () => {
    // 24 GiB: 0.6 x 24,576 MiB / 2 threads.
    expect(evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 2 })).toBe(7372);
    expect(evaluationThreadHeapMb({ totalMemBytes: 8 * GiB, threads: 2 })).toBe(2457);
  });

  it("divides the share by the number of threads, so together they fit the machine", () => {
    const one = evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 1 });
    const three = evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 3 });
    expect(one).toBe(14745);
    expect(three).toBe(4915);
    for (const threads of [1, 2, 3, 4, 8]) {
      const each = evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads });
      expect(each * threads).toBeLessThanOrEqual(0.6 * 24 * 1024);
    }
  });

  it("uses EVAL_THREAD_HEAP_MB when set, and derives when it is 0", () => {
    expect(evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 2, overrideMb: 3000 })).toBe(3000);
    expect(evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 2, overrideMb: 0 })).toBe(7372);
  });

  it("never goes below the minimum on a tiny machine, and treats 0 threads as 1", () => {
    expect(evaluationThreadHeapMb({ totalMemBytes: 1 * GiB, threads: 8 })).toBe(MIN_EVAL_THREAD_HEAP_MB);
    expect(evaluationThreadHeapMb({ totalMemBytes: 24 * GiB, threads: 0 })).toBe(14745);
  });
});
