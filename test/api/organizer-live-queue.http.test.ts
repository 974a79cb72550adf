// The organizer dashboard's live queue view, as the built app renders it: BullMQ's counts per
// evaluation queue and each live worker's heartbeat (slots, running jobs, memory), shown to the
// challenge's organizers only. Job ids of other challenges are never shown.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import {
  clearWorkerHeartbeat,
  closeQueueConnections,
  EVALUATIONS_QUEUE,
  getLargeEvaluationsQueue,
  getQueueCounts,
  getRedis,
  LARGE_EVALUATIONS_QUEUE,
  writeWorkerHeartbeat,
  type QueueCounts,
} from "@/lib/queue";
import { sessionCookieFor } from "../helpers/auth";
import { createTeam, createUser, registerTeam, type TestUser } from "../helpers/factories";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { organizedChallenge } from "../lib/challenges/helpers";

let baseUrl: string;
let organizer: TestUser;
let participant: TestUser;
let slug: string;
let runningHere: string;
const workerId = `test-worker-${randomUUID()}`;
const hostname = `host-${randomUUID().slice(0, 8)}`;
const foreignJob = `foreign${randomUUID().replace(/-/g, "").slice(0, 16)}`;
const delayedIds = [randomUUID(), randomUUID()];

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  organizer = await createUser({ canCreateChallenges: true });
  participant = await createUser();
  const { challenge, phase } = await organizedChallenge(organizer.id);
  slug = challenge.slug;
  await registerTeam(challenge, await createTeam(participant));
  runningHere = (
    await prisma.submission.create({
      data: {
        phaseId: phase.id,
        originalFilename: "results.json",
        storageKey: "0".repeat(64),
        sha256: "0".repeat(64),
        byteSize: 10n,
        status: "RUNNING",
      },
    })
  ).id;
  // A worker as the worker process describes itself (worker/main.ts), running one job of this challenge
  // (as a shard job) and one of another.
  const now = new Date().toISOString();
  await writeWorkerHeartbeat(getRedis(), {
    workerId,
    pid: 4242,
    hostname,
    concurrency: 2,
    queues: { [EVALUATIONS_QUEUE]: 2, [LARGE_EVALUATIONS_QUEUE]: 1 },
    running: [
      { id: `${runningHere}-shard-0-${randomUUID()}`, queue: LARGE_EVALUATIONS_QUEUE, since: now },
      { id: foreignJob, queue: EVALUATIONS_QUEUE, since: now },
    ],
    rssMiB: 321,
    startedAt: now,
    at: now,
  });
  // Two jobs that stay delayed while the test runs: the large queue's count is at least 2.
  for (const jobId of delayedIds)
    await getLargeEvaluationsQueue().add("test-delayed", { submissionId: jobId }, { jobId, delay: 3_600_000 });
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await clearWorkerHeartbeat(getRedis(), workerId);
  for (const jobId of delayedIds) await (await getLargeEvaluationsQueue().getJob(jobId))?.remove();
  await closeQueueConnections();
  await prisma.$disconnect();
});

const dashboard = async (cookie?: string) => {
  const res = await fetch(`${baseUrl}/c/${slug}/manage`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};

/** The counts the page shows for one queue (null: its row says Redis does not answer). */
function renderedCounts(html: string, queue: string): QueueCounts | null {
  const row = new RegExp(`<tr[^>]*data-queue="${queue}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row for queue ${queue}`);
  const cell = (state: string) => new RegExp(`data-state="${state}"[^>]*>(\\d+)<`).exec(row)?.[1];
  if (cell("waiting") === undefined) return null;
  return {
    waiting: Number(cell("waiting")),
    active: Number(cell("active")),
    delayed: Number(cell("delayed")),
    failed: Number(cell("failed")),
  };
}

describe("organizer dashboard: live queues and workers", () => {
  it("shows BullMQ's counts per queue and each live worker's heartbeat", async () => {
    // Other test files share the queues: compare with BullMQ's counts when they did not move around the page's read.
    let page: Awaited<ReturnType<typeof dashboard>> | undefined;
    let counts: Record<string, QueueCounts | null> = {};
    for (let tries = 0; tries < 5; tries++) {
      const before = { main: await getQueueCounts(), large: await getQueueCounts(getLargeEvaluationsQueue()) };
      page = await dashboard(await sessionCookieFor(organizer.id));
      const after = { main: await getQueueCounts(), large: await getQueueCounts(getLargeEvaluationsQueue()) };
      counts = { [EVALUATIONS_QUEUE]: after.main, [LARGE_EVALUATIONS_QUEUE]: after.large };
      if (JSON.stringify(before) === JSON.stringify(after)) break;
    }
    expect(page!.status).toBe(200);
    const html = page!.html;
    for (const queue of [EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE]) {
      expect(counts[queue], queue).not.toBeNull();
      expect(renderedCounts(html, queue), queue).toEqual(counts[queue]);
    }
    expect(renderedCounts(html, LARGE_EVALUATIONS_QUEUE)!.delayed).toBeGreaterThanOrEqual(2);

    const row = new RegExp(`<tr[^>]*data-worker="${workerId}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row, "the worker's row").toContain(hostname);
    expect(row).toContain("pid <!-- -->4242");
    expect(row).toMatch(/small files 2, large files and shards 1/);
    expect(row).toMatch(/data-field="running"[^>]*>2</);
    expect(row).toMatch(/data-field="rss"[^>]*>321 MiB</);
    // This challenge's submission is linked; the other challenge's job id is not shown anywhere.
    expect(row).toContain(`href="/c/${slug}/submissions/${runningHere}"`);
    expect(html).not.toContain(foreignJob);
  });

  it("is refused to anyone but the challenge's organizers", async () => {
    const anonymous = await dashboard();
    expect(anonymous.status).toBe(307);
    expect(anonymous.location).toContain("/signin");
    const otherOrganizer = await createUser({ canCreateChallenges: true });
    for (const user of [participant, otherOrganizer]) {
      const page = await dashboard(await sessionCookieFor(user.id));
      expect(page.status).toBe(403);
      expect(page.html).not.toContain(hostname);
      expect(page.html).not.toContain('data-testid="bullmq-queues"');
    }
  });
});
