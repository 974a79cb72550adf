import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import zlib from "node:zlib";
import { prisma } from "@/lib/db";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { bearerHeadersFor } from "../helpers/auth";
import { createUser } from "../helpers/factories";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";
import { zipBuffer } from "../coco/temp-files";

const validText = readFileSync(FIXTURE_DT, "utf8");
let baseUrl: string;
let phase: ScoredPhase;
let member: { authorization: string };
let organizer: { authorization: string };

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  phase = await createScoredPhase({ maxSubmissionsPerDay: 50, maxSubmissionsTotal: 50, maxConcurrent: 50 });
  member = await bearerHeadersFor(phase.member.id);
  organizer = await bearerHeadersFor(phase.organizer.id);
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await prisma.$disconnect();
});

function uploadUrl(p: ScoredPhase): string {
  return `${baseUrl}/api/v1/challenges/${p.challengeSlug}/phases/${p.phaseSlug}/submissions`;
}

function post(p: ScoredPhase, headers: Record<string, string>, content: string | Buffer, filename = "results.json", description?: string) {
  const form = new FormData();
  if (description) form.append("description", description);
  form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), filename);
  return fetch(uploadUrl(p), { method: "POST", headers, body: form });
}

async function status(id: string, headers: Record<string, string> = member) {
  return fetch(`${baseUrl}/api/v1/submissions/${id}`, { headers });
}

describe("POST /api/v1/challenges/{slug}/phases/{phase}/submissions", () => {
  it("answers 202 {id, status: QUEUED} for a valid file with a Bearer token, and GET shows it to the team", async () => {
    const res = await post(phase, member, validText, "results.json", "first try");
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), status: "QUEUED" });
    const got = await status(body.id);
    expect(got.status).toBe(200);
    const view = await got.json();
    expect(view).toMatchObject({ id: body.id, error: null, description: "first try", filename: "results.json" });
    // A worker of another test file may already be evaluating it.
    expect(["QUEUED", "RUNNING", "FINISHED"]).toContain(view.status);
  });

  it("accepts .json.gz and .zip uploads", async () => {
    expect((await post(phase, member, zlib.gzipSync(validText), "r.json.gz")).status).toBe(202);
    expect((await post(phase, member, zipBuffer([{ name: "r.json", content: validText }]), "r.zip")).status).toBe(202);
  });

  it("answers 422 with the specific problems for a broken file; the FAILED submission stays readable", async () => {
    const broken = JSON.stringify([{ ...JSON.parse(validText)[0], category_id: 91 }]);
    const res = await post(phase, member, broken);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.status).toBe("FAILED");
    expect(body.error.message).toMatch(/results\[0\]\.category_id 91 is not a category of this challenge/);
    const got = await (await status(body.id)).json();
    expect(got.status).toBe("FAILED");
    expect(got.error.code).toBe("invalid_results");
    expect(got.error.message).toMatch(/category_id 91/);
  });

  it("refuses missing or bad credentials (401), outsiders (403 with how to register) and non-multipart bodies (415)", async () => {
    expect((await post(phase, {}, validText)).status).toBe(401);
    expect((await post(phase, { authorization: "Bearer mb_nope" }, validText)).status).toBe(401);
    const outsider = await createUser();
    const res = await post(phase, await bearerHeadersFor(outsider.id), validText);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/register/);
    const raw = await fetch(uploadUrl(phase), {
      method: "POST",
      headers: { ...member, "content-type": "application/json" },
      body: validText,
    });
    expect(raw.status).toBe(415);
  });

  it("accepts exactly 3 of 20 concurrent uploads against a quota of 3; the others get 429 with Retry-After", async () => {
    const race = await createScoredPhase({ maxSubmissionsPerDay: 3, maxSubmissionsTotal: 100, maxConcurrent: 100 });
    const headers = await bearerHeadersFor(race.member.id);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(race, headers, validText, `r${i}.json`)));
    const codes = responses.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 202)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(17);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: "quota_exceeded", quota: "daily", limit: 3 });
    expect(body.error.resetsAt).toMatch(/T00:00:00\.000Z$/);
  });

  it("refuses uploads outside the phase window with 403 and the dates", async () => {
    const day = 24 * 3600_000;
    const closed = await createScoredPhase({ startsAt: new Date(Date.now() - 3 * day), endsAt: new Date(Date.now() - day) });
    const res = await post(closed, await bearerHeadersFor(closed.member.id), validText);
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe("phase_closed");
    expect(body.error.endsAt).toBe(new Date(body.error.endsAt).toISOString());
  });
});

describe("GET /api/v1/submissions/{id}", () => {
  async function finishedWithScores(p: ScoredPhase): Promise<string> {
    const id = (await (await post(p, await bearerHeadersFor(p.member.id), validText)).json()).id as string;
    await prisma.submission.update({ where: { id }, data: { status: "FINISHED", progress: 1 } });
    for (const split of ["PUBLIC", "PRIVATE"] as const) {
      const stats = Array.from({ length: 12 }, (_, i) => (split === "PUBLIC" ? 0.1 : 0.7) + i / 1000);
      await prisma.score.create({
        data: {
          submissionId: id,
          split,
          ap: stats[0],
          ap50: stats[1],
          ap75: stats[2],
          apSmall: stats[3],
          apMedium: stats[4],
          apLarge: stats[5],
          ar1: stats[6],
          ar10: stats[7],
          ar100: stats[8],
          arSmall: stats[9],
          arMedium: stats[10],
          arLarge: stats[11],
          primary: stats[0],
          metrics: { iouType: "segm", params: {}, stats, perClass: [{ categoryId: 1, ap: stats[0] }] },
          evalConfigVersion: 0,
        },
      });
    }
    return id;
  }

  it("shows private scores to organizers always, to the team only once released, to nobody else", async () => {
    const p = await createScoredPhase({ maxSubmissionsPerDay: 10, maxConcurrent: 10 });
    const id = await finishedWithScores(p);
    const team = await bearerHeadersFor(p.member.id);
    const org = await bearerHeadersFor(p.organizer.id);

    const teamView = await (await status(id, team)).json();
    expect(teamView.scores.public.stats[0]).toBeCloseTo(0.1);
    expect(teamView.scores.public.perClass).toEqual([{ categoryId: 1, ap: 0.1 }]);
    expect(teamView.scores.private).toBeUndefined();
    expect(JSON.stringify(teamView)).not.toContain("0.7");
    expect((await (await status(id, org)).json()).scores.private.stats[0]).toBeCloseTo(0.7);

    const outsider = await createUser();
    expect((await status(id, await bearerHeadersFor(outsider.id))).status).toBe(404);
    expect((await status(id, {})).status).toBe(401);

    await prisma.phase.update({ where: { id: p.phaseId }, data: { privateReleased: true, privateReleasedAt: new Date() } });
    expect((await (await status(id, team)).json()).scores.private.stats[0]).toBeCloseTo(0.7);
  });

  it("lets organizers cancel and re-run; the team cancels only its queued entries and never re-runs", async () => {
    // Not enqueued, so no worker can finish them before they are cancelled.
    const running = await insertSubmission(phase, FIXTURE_DT, "RUNNING");
    const byTeamWhileRunning = await fetch(`${baseUrl}/api/v1/submissions/${running}`, { method: "DELETE", headers: member });
    expect(byTeamWhileRunning.status).toBe(403);
    expect((await status(running)).status).toBe(200);
    expect((await (await status(running)).json()).status).toBe("RUNNING");

    const queued = await insertSubmission(phase, FIXTURE_DT);
    const byTeam = await fetch(`${baseUrl}/api/v1/submissions/${queued}`, { method: "DELETE", headers: member });
    expect(byTeam.status).toBe(200);
    expect((await byTeam.json()).status).toBe("CANCELLED");

    const id = await insertSubmission(phase, FIXTURE_DT);
    const cancelled = await fetch(`${baseUrl}/api/v1/submissions/${id}/cancel`, { method: "POST", headers: organizer });
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).status).toBe("CANCELLED");
    expect((await fetch(`${baseUrl}/api/v1/submissions/${id}/cancel`, { method: "POST", headers: organizer })).status).toBe(409);
    const rerun = await fetch(`${baseUrl}/api/v1/submissions/${id}/rerun`, { method: "POST", headers: organizer });
    expect(rerun.status).toBe(202);
    expect(["QUEUED", "RUNNING", "FINISHED"]).toContain((await rerun.json()).status);
    expect((await fetch(`${baseUrl}/api/v1/submissions/${id}/rerun`, { method: "POST", headers: member })).status).toBe(403);
    await prisma.submission.update({ where: { id: running }, data: { status: "CANCELLED" } });
  });
});
