// TIDE's breakdown over HTTP: GET /api/v1/submissions/{id} carries it once the worker's follow-up job
// has stored it (public split only, for the same viewers as the scores), and the submission page
// draws it, two submissions side by side on one scale when compared.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { getStatisticsQueue } from "@/lib/statistics/job";
import { getTideQueue } from "@/lib/tide/job";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { createTeam, createUser, registerTeam } from "../helpers/factories";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, FIXTURE_DT, type ScoredPhase } from "../helpers/submission-fixtures";

const MAIN = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"];

describe.skipIf(Boolean(process.env.MB_BASE_URL))("TIDE breakdown: API and submission page", () => {
  let baseUrl: string;
  let worker: RunningWorker;
  let phase: ScoredPhase;
  let other: { id: string };

  beforeAll(async () => {
    baseUrl = await getBaseUrl();
    worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0" });
    phase = await createScoredPhase();
    other = await createUser();
    await registerTeam({ id: phase.challengeId }, await createTeam(other));
  }, SERVER_STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.stop();
    await getEvaluationsQueue().close();
    await getStatisticsQueue().close();
    await getTideQueue().close();
    await prisma.$disconnect();
  });

  async function upload(userId: string, content: string): Promise<string> {
    const form = new FormData();
    form.append("file", new Blob([content]), "results.json");
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
      method: "POST",
      headers: await bearerHeadersFor(userId),
      body: form,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  async function analysed(id: string, headers: Record<string, string>) {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const body = await (await fetch(`${baseUrl}/api/v1/submissions/${id}`, { headers })).json();
      if (body.tide?.status === "done" || body.status === "FAILED" || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it("serves the stored breakdown to the team and organizers only, and the page draws both teams' on one scale", async () => {
    const dt = readFileSync(FIXTURE_DT, "utf8");
    const mine = await upload(phase.member.id, dt);
    // The other team's file: fewer detections, so its breakdown differs.
    const theirs = await upload(other.id, JSON.stringify((JSON.parse(dt) as unknown[]).filter((_, i) => i % 3 !== 0)));
    const team = await bearerHeadersFor(phase.member.id);

    const body = await analysed(mine, team);
    expect(body.status, worker.output()).toBe("FINISHED");
    expect(body.tide?.status, worker.output()).toBe("done");
    const row = await prisma.tideAnalysis.findUniqueOrThrow({ where: { submissionId: mine } });
    expect(body.tide).toEqual({
      status: "done",
      split: "public",
      mode: "mask",
      ap50: row.ap50,
      mainErrors: row.mainErrors,
      specialErrors: row.specialErrors,
      errorCounts: row.errorCounts,
      message: null,
    });
    expect(Object.keys(body.tide.mainErrors)).toEqual(MAIN);
    expect(Object.keys(body.tide.specialErrors)).toEqual(["FalsePos", "FalseNeg"]);
    // The team does not see the private split's scores, and the analysis is of the public split only.
    expect(body.scores.private).toBeUndefined();

    const asOrganizer = await (
      await fetch(`${baseUrl}/api/v1/submissions/${mine}`, { headers: await bearerHeadersFor(phase.organizer.id) })
    ).json();
    expect(asOrganizer.tide).toEqual(body.tide);
    // Another team's member and anonymous callers get nothing of it.
    const asOther = await fetch(`${baseUrl}/api/v1/submissions/${mine}`, { headers: await bearerHeadersFor(other.id) });
    expect(asOther.status).toBe(404);
    expect(await asOther.text()).not.toContain("mainErrors");
    expect((await fetch(`${baseUrl}/api/v1/submissions/${mine}`)).status).toBe(401);

    const otherBody = await analysed(theirs, await bearerHeadersFor(other.id));
    expect(otherBody.tide?.status, worker.output()).toBe("done");

    // The page: this submission's chart with every number as text, accessible (title + desc).
    const cookie = await sessionCookieFor(phase.member.id);
    const page = await fetch(`${baseUrl}/c/${phase.challengeSlug}/submissions/${mine}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/data-testid="tide-chart"/g)).toHaveLength(1);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="tide-this-title tide-this-desc"/);
    expect(html).toContain('<title id="tide-this-title">TIDE error analysis of');
    for (const k of MAIN) expect(html).toContain(`${(body.tide.mainErrors[k] as number).toFixed(2)} (${body.tide.errorCounts[k]})`);
    expect(html).toContain(`AP50 ${(body.tide.ap50 as number).toFixed(2)}`);

    // Compared with the other team's ranked entry: both charts, one scale (the same axis labels).
    const compared = await (
      await fetch(`${baseUrl}/c/${phase.challengeSlug}/submissions/${mine}?compare=${theirs}`, { headers: { cookie } })
    ).text();
    expect(compared.match(/data-testid="tide-chart"/g)).toHaveLength(2);
    expect(compared).toContain('<title id="tide-other-title">TIDE error analysis of');
    const largest = Math.max(
      ...[body.tide, otherBody.tide].flatMap((t) => [...Object.values(t.mainErrors), ...Object.values(t.specialErrors)] as number[]),
    );
    const scale = Math.max(5, Math.ceil(largest / 5) * 5);
    const axis = [...compared.matchAll(/<text x="[\d.]+" y="14" text-anchor="middle">([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(axis).toEqual([0, scale / 2, scale, 0, scale / 2, scale]);
    for (const k of MAIN)
      expect(compared).toContain(`${(otherBody.tide.mainErrors[k] as number).toFixed(2)} (${otherBody.tide.errorCounts[k]})`);
  }, 400_000);
});
