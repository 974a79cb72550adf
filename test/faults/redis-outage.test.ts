// Uploads while Redis is down: answered within the enqueue bound (2 s) with the row QUEUED, and the
// watchdog queues the row once Redis is back. Runs against a private Redis server (fault harness):
// app modules load only after REDIS_URL points at it.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../scripts/lib/fault-harness";
import { faultDir } from "./fault-env";
import type { prisma } from "@/lib/db";
import type { createSubmission } from "@/lib/submissions/create-submission";
import type { evaluationJobState } from "@/lib/submissions/enqueue";
import type { reconcileSubmissions } from "@/worker/watchdog";
import type { allEvaluationQueues } from "@/lib/queue";
import type * as Fixtures from "../helpers/submission-fixtures";

let redis: RedisServer;
// Types only: the modules themselves load in beforeAll, once REDIS_URL points at the private server.
let app: {
  prisma: typeof prisma;
  createSubmission: typeof createSubmission;
  evaluationJobState: typeof evaluationJobState;
  reconcileSubmissions: typeof reconcileSubmissions;
  allEvaluationQueues: typeof allEvaluationQueues;
  fixtures: typeof Fixtures;
};

beforeAll(async () => {
  redis = await startRedisServer({ dir: path.join(faultDir(`redis-outage-${randomUUID().slice(0, 8)}`), "redis") });
  process.env.REDIS_URL = redis.url;
  app = {
    prisma: (await import("@/lib/db")).prisma,
    createSubmission: (await import("@/lib/submissions/create-submission")).createSubmission,
    evaluationJobState: (await import("@/lib/submissions/enqueue")).evaluationJobState,
    reconcileSubmissions: (await import("@/worker/watchdog")).reconcileSubmissions,
    allEvaluationQueues: (await import("@/lib/queue")).allEvaluationQueues,
    fixtures: await import("../helpers/submission-fixtures"),
  };
}, 120_000);

afterAll(async () => {
  if (app) await Promise.all(app.allEvaluationQueues().map((q) => q.close().catch(() => undefined)));
  await app?.prisma.$disconnect();
  await redis?.dispose();
});

function uploadRequest(content: string): Request {
  const form = new FormData();
  form.append("file", new Blob([content]), "results.json");
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

/** The value of `p`, or an error saying it did not settle within `ms` (today's code waits for the whole outage). */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("uploads while Redis is down", () => {
  it("are answered within the enqueue bound with the row QUEUED, and queued by the watchdog once Redis is back", async () => {
    const { fixtures } = app;
    const phase = await fixtures.createScoredPhase({ maxSubmissionsPerDay: 100, maxSubmissionsTotal: 100, maxConcurrent: 100 });
    const target = { challengeSlug: phase.challengeSlug, phaseSlug: phase.phaseSlug };
    const results = readFileSync(fixtures.FIXTURE_DT, "utf8");

    await redis.stop();
    const started = Date.now();
    const created = await within(
      8_000,
      "an upload with Redis down",
      app.createSubmission(phase.member.viewer, target, uploadRequest(results)),
    );
    const elapsedMs = Date.now() - started;
    expect(created).toMatchObject({ status: "QUEUED", error: null });
    expect(elapsedMs).toBeLessThan(5_000);
    expect(await app.prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: "QUEUED", attempts: 0 });

    await redis.start();
    // The watchdog's next round queues it (grace 0 here; WATCHDOG_GRACE_MS in production).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const report = await app.reconcileSubmissions({ graceMs: 0, phaseId: phase.phaseId }).catch(() => null);
      const state = await app.evaluationJobState(created.id).catch(() => null);
      if (report?.requeued.includes(created.id) || state) break;
      await new Promise((r) => setTimeout(r, 200)); // the queue's connection is reconnecting
    }
    expect(await app.evaluationJobState(created.id)).toBe("prioritized");
  });
});
