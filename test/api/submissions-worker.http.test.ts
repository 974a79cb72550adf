import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import zlib from "node:zlib";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { parseGroundTruthFile, parseResultsFile } from "@/lib/coco";
import { defaultParams, evaluateSplits, prepareGroundTruth } from "@/lib/eval";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { bearerHeadersFor } from "../helpers/auth";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, FIXTURE_GT, splitsOf, type ScoredPhase } from "../helpers/submission-fixtures";

// The worker must see the server's queue and files: true for the server the test run starts, not for
// a developer's own server (MB_BASE_URL) with its own BULLMQ_PREFIX and DATA_DIR.
describe.skipIf(Boolean(process.env.MB_BASE_URL))("upload over HTTP -> worker -> scores", () => {
  let baseUrl: string;
  let worker: RunningWorker;
  let phase: ScoredPhase;

  beforeAll(async () => {
    baseUrl = await getBaseUrl();
    worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0" });
    phase = await createScoredPhase();
  }, SERVER_STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.stop();
    await getEvaluationsQueue().close();
    await prisma.$disconnect();
  });

  async function poll(id: string, headers: Record<string, string>) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const body = await (await fetch(`${baseUrl}/api/v1/submissions/${id}`, { headers })).json();
      if (!["QUEUED", "RUNNING"].includes(body.status) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("finishes with the scores lib/eval computes on the same files; private split for organizers only", async () => {
    const team = await bearerHeadersFor(phase.member.id);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(zlib.gzipSync(readFileSync(FIXTURE_DT)))]), "results.json.gz");
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
      method: "POST",
      headers: team,
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();

    const body = await poll(id, team);
    expect(body.status, worker.output()).toBe("FINISHED");
    expect(body.progress).toBe(1);
    expect(body.error).toBeNull();

    const { gt } = await parseGroundTruthFile(FIXTURE_GT);
    const expected = evaluateSplits(
      prepareGroundTruth(gt, "segm"),
      await parseResultsFile(FIXTURE_DT, { gt }),
      defaultParams("segm"),
      await splitsOf(phase.phaseId),
    );
    expect(body.scores.public.stats).toEqual(expected.public.stats);
    expect(body.scores.public.perClass).toEqual(expected.public.perClass);
    expect(body.scores.private).toBeUndefined();

    const asOrganizer = await (
      await fetch(`${baseUrl}/api/v1/submissions/${id}`, { headers: await bearerHeadersFor(phase.organizer.id) })
    ).json();
    expect(asOrganizer.scores.private.stats).toEqual(expected.private.stats);
    expect(await prisma.score.count({ where: { submissionId: id } })).toBe(2);
  }, 120_000);
});
