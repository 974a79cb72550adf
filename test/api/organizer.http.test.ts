import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { createTeam, createUser, registerTeam, uniqueSuffix, type TestUser } from "../helpers/factories";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { expectRequeued, finishedSubmission, organizedChallenge } from "../lib/challenges/helpers";

const DEMO_GT = readFileSync("prisma/demo/ground-truth.json", "utf8");

let baseUrl: string;
let organizer: TestUser;
let otherOrganizer: TestUser;
let participant: TestUser;
let published: { slug: string; id: string };
let draft: { slug: string; id: string };

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  organizer = await createUser({ canCreateChallenges: true });
  otherOrganizer = await createUser({ canCreateChallenges: true });
  participant = await createUser();
  await organizedChallenge(otherOrganizer.id);
  const p = await organizedChallenge(organizer.id, { status: "PUBLISHED" });
  const d = await organizedChallenge(organizer.id, { status: "DRAFT" });
  published = { slug: p.challenge.slug, id: p.challenge.id };
  draft = { slug: d.challenge.slug, id: d.challenge.id };
  const team = await createTeam(participant);
  await registerTeam(p.challenge, team);
}, SERVER_STARTUP_TIMEOUT_MS);

const phaseBody = () => ({ name: "Test", startsAt: "2026-01-01T00:00:00Z", endsAt: "2030-01-01T00:00:00Z" });

/** Every organizer API call, for a challenge slug. */
function organizerCalls(slug: string) {
  const phase = `/api/v1/challenges/${slug}/phases/test`;
  return [
    { method: "PATCH", path: `/api/v1/challenges/${slug}`, body: JSON.stringify({ title: "Hijacked" }) },
    { method: "PUT", path: phase, body: JSON.stringify(phaseBody()) },
    { method: "PUT", path: `${phase}/ground-truth`, body: DEMO_GT },
    { method: "PUT", path: `${phase}/eval-config`, body: JSON.stringify({ iouThresholds: "pascal" }) },
    { method: "POST", path: `${phase}/reevaluate`, body: "" },
    { method: "POST", path: `${phase}/release-private`, body: "" },
    { method: "GET", path: `/api/v1/challenges/${slug}/definition`, body: "" },
  ];
}

const organizerPages = (slug: string) => [
  `/c/${slug}/manage`,
  `/c/${slug}/manage/edit`,
  `/c/${slug}/manage/phases/test`,
  `/c/${slug}/manage/phases/new`,
];

async function call(c: { method: string; path: string; body: string }, headers: Record<string, string> = {}) {
  return fetch(baseUrl + c.path, {
    method: c.method,
    body: c.body === "" ? undefined : c.body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("organizer API authorization", () => {
  it("refuses anonymous users (401), participants and other organizers (403; 404 for drafts)", async () => {
    const viewers = [
      { name: "participant", headers: await bearerHeadersFor(participant.id) },
      { name: "other organizer", headers: await bearerHeadersFor(otherOrganizer.id) },
    ];
    for (const c of organizerCalls(published.slug)) {
      expect((await call(c)).status, `anonymous ${c.method} ${c.path}`).toBe(401);
      for (const v of viewers) {
        const res = await call(c, v.headers);
        expect(res.status, `${v.name} ${c.method} ${c.path}`).toBe(403);
        expect((await res.json()).error.code).toBe("forbidden");
      }
    }
    for (const c of organizerCalls(draft.slug)) {
      for (const v of viewers) expect((await call(c, v.headers)).status, `${v.name} ${c.method} ${c.path} (draft)`).toBe(404);
    }
    const after = await prisma.challenge.findUniqueOrThrow({
      where: { id: published.id },
      include: { phases: { include: { groundTruth: true } } },
    });
    expect(after.title).not.toBe("Hijacked");
    expect(after.phases[0].groundTruth).toBeNull();
    expect(after.phases[0].privateReleased).toBe(false);
  });

  it("only users with the right create challenges", async () => {
    const c = { method: "POST", path: "/api/v1/challenges", body: JSON.stringify({ slug: `x-${uniqueSuffix()}`, title: "X" }) };
    expect((await call(c)).status).toBe(401);
    expect((await call(c, await bearerHeadersFor(participant.id))).status).toBe(403);
  });

  it("organizer pages: sign-in redirect for anonymous users, 403 for participants and other organizers (404 for drafts), 200 for the organizer", async () => {
    const cookies = {
      participant: await sessionCookieFor(participant.id),
      other: await sessionCookieFor(otherOrganizer.id),
      organizer: await sessionCookieFor(organizer.id),
    };
    for (const slug of [published.slug, draft.slug]) {
      for (const page of organizerPages(slug)) {
        const anonymous = await fetch(baseUrl + page, { redirect: "manual" });
        if (slug === draft.slug) {
          expect(anonymous.status, `anonymous ${page} (draft)`).toBe(404);
        } else {
          expect([303, 307, 308], `anonymous ${page}`).toContain(anonymous.status);
          expect(anonymous.headers.get("location")).toMatch(/\/signin/);
        }
        for (const who of ["participant", "other"] as const) {
          const res = await fetch(baseUrl + page, { headers: { cookie: cookies[who] }, redirect: "manual" });
          expect(res.status, `${who} ${page}${slug === draft.slug ? " (draft)" : ""}`).toBe(slug === draft.slug ? 404 : 403);
          const html = await res.text();
          expect(html).not.toContain("Organizer console");
          if (slug === published.slug)
            expect(html, `${who} ${page}: the 403 page explains what to do`).toContain("ask one of the challenge");
        }
        const own = await fetch(baseUrl + page, { headers: { cookie: cookies.organizer }, redirect: "manual" });
        expect(own.status, `organizer ${page}`).toBe(200);
      }
    }
  });

  it("a phase that does not exist is a 404 for the organizer, still a 403 for the others", async () => {
    const page = `/c/${published.slug}/manage/phases/no-such-phase`;
    expect((await fetch(baseUrl + page, { headers: { cookie: await sessionCookieFor(organizer.id) }, redirect: "manual" })).status).toBe(
      404,
    );
    expect((await fetch(baseUrl + page, { headers: { cookie: await sessionCookieFor(participant.id) }, redirect: "manual" })).status).toBe(
      403,
    );
  });

  it("the create-challenge page: sign-in redirect for anonymous users, 403 without the right to create challenges, 200 with it", async () => {
    const anonymous = await fetch(`${baseUrl}/manage/new`, { redirect: "manual" });
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/\/signin/);
    const denied = await fetch(`${baseUrl}/manage/new`, {
      headers: { cookie: await sessionCookieFor(participant.id) },
      redirect: "manual",
    });
    expect(denied.status).toBe(403);
    const html = await denied.text();
    expect(html).toContain("right to create challenges");
    expect(html).not.toContain("Create challenge</button>");
    expect(
      (await fetch(`${baseUrl}/manage/new`, { headers: { cookie: await sessionCookieFor(organizer.id) }, redirect: "manual" })).status,
    ).toBe(200);
  });

  it("has no way to download a ground truth", async () => {
    const res = await fetch(`${baseUrl}/api/v1/challenges/${published.slug}/phases/test/ground-truth`, {
      headers: await bearerHeadersFor(organizer.id),
    });
    expect(res.status).toBe(405);
  });
});

describe("organizer API", () => {
  it("creates a challenge, a phase with split and protocol, uploads the ground truth, changes the protocol, re-evaluates and releases", async () => {
    const auth = await bearerHeadersFor(organizer.id);
    const slug = `api-${uniqueSuffix()}`;
    let res = await call(
      { method: "POST", path: "/api/v1/challenges", body: JSON.stringify({ slug, title: "API challenge", description: "# Hello" }) },
      auth,
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ slug, status: "DRAFT" });

    res = await call(
      {
        method: "PATCH",
        path: `/api/v1/challenges/${slug}`,
        body: JSON.stringify({ status: "PUBLISHED", organizers: [otherOrganizer.email] }),
      },
      auth,
    );
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("PUBLISHED");
    res = await call({ method: "PATCH", path: `/api/v1/challenges/${slug}`, body: JSON.stringify({ status: "DRAFT" }) }, auth);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("invalid_status_transition");

    const phasePath = `/api/v1/challenges/${slug}/phases/test`;
    res = await call(
      {
        method: "PUT",
        path: phasePath,
        body: JSON.stringify({
          ...phaseBody(),
          maxSubmissionsPerDay: 3,
          split: { publicPercent: 25, seed: 3 },
          evaluation: { iouThresholds: "coco" },
        }),
      },
      auth,
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      slug: "test",
      maxSubmissionsPerDay: 3,
      split: { mode: "PERCENT", publicPercent: 25, seed: 3 },
    });

    res = await call(
      { method: "PUT", path: phasePath, body: JSON.stringify({ ...phaseBody(), evaluation: { iouThresholds: [0.5, 1.5] } }) },
      auth,
    );
    expect(res.status).toBe(400);
    const bad = await res.json();
    expect(bad.error.message).toContain("1.5 is not in (0, 1]");

    res = await call(
      {
        method: "PUT",
        path: `${phasePath}/ground-truth`,
        body: JSON.stringify({
          images: [
            { id: 1, width: 10, height: 10 },
            { id: 1, width: 10, height: 10 },
          ],
          annotations: [],
          categories: [],
        }),
      },
      auth,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.problems[0].message).toMatch(/must be unique/);

    res = await call({ method: "PUT", path: `${phasePath}/ground-truth`, body: DEMO_GT }, auth);
    expect(res.status).toBe(201);
    const uploaded = await res.json();
    expect(uploaded.groundTruth).toMatchObject({ numImages: 40, publicImages: 10, privateImages: 30 });
    expect(uploaded.groundTruth.categories).toHaveLength(6);

    const phase = await prisma.phase.findFirstOrThrow({ where: { challenge: { slug }, slug: "test" } });
    const old = await finishedSubmission(phase.id, null, 1);
    res = await call({ method: "PUT", path: `${phasePath}/ground-truth`, body: DEMO_GT }, auth);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("confirm_required");

    res = await call(
      { method: "PUT", path: `${phasePath}/eval-config`, body: JSON.stringify({ iouThresholds: [0.5], primaryMetric: "AP50" }) },
      auth,
    );
    expect(res.status).toBe(201);
    const config = await res.json();
    expect(config).toMatchObject({ version: 2, created: true, outdatedSubmissions: [{ id: old.id, evalConfigVersion: 1 }] });

    res = await call({ method: "POST", path: `${phasePath}/reevaluate`, body: "" }, auth);
    expect(res.status).toBe(409); // the phase is open: scores would change under the teams
    expect((await res.json()).error.code).toBe("phase_open");
    res = await call({ method: "POST", path: `${phasePath}/reevaluate?override=true`, body: "" }, auth);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: 1, evalConfigVersion: 2 });
    await expectRequeued(old.id);

    res = await call({ method: "GET", path: `/api/v1/challenges/${slug}/definition`, body: "" }, auth);
    expect(res.status).toBe(200);
    const yamlText = await res.text();
    expect(yamlText).toContain(`slug: ${slug}`);
    expect(yamlText).toMatch(/publicPercent: 25\n\s+seed: 3/);

    res = await call({ method: "POST", path: `${phasePath}/release-private`, body: "" }, auth);
    expect(res.status).toBe(409);
    expect((await prisma.phase.findUniqueOrThrow({ where: { id: phase.id } })).privateReleased).toBe(false);
    res = await call({ method: "POST", path: `${phasePath}/release-private?override=true`, body: "" }, auth);
    expect(res.status).toBe(200);
    expect((await prisma.phase.findUniqueOrThrow({ where: { id: phase.id } })).privateReleased).toBe(true);
    const actions = (await prisma.auditEvent.findMany({ where: { challenge: { slug } }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "challenge.create",
        "challenge.status.published",
        "organizer.add",
        "phase.create",
        "groundTruth.upload",
        "evalConfig.version",
        "phase.rerun",
        "phase.releasePrivate",
      ]),
    );
  });

  it("answers 422 to a segm protocol on a box-only ground truth (PUT eval-config and PUT phase)", async () => {
    const auth = await bearerHeadersFor(organizer.id);
    const { challenge } = await organizedChallenge(organizer.id);
    const phasePath = `/api/v1/challenges/${challenge.slug}/phases/test`;
    let res = await call({ method: "PUT", path: `${phasePath}/eval-config`, body: JSON.stringify({ iouType: "bbox" }) }, auth);
    expect(res.status).toBe(201);
    res = await call(
      {
        method: "PUT",
        path: `${phasePath}/ground-truth`,
        body: readFileSync("test/fixtures/data/fce_small/gt_ignore_test.intid.json", "utf8"),
      },
      auth,
    );
    expect(res.status).toBe(201);

    for (const attempt of [
      { method: "PUT", path: `${phasePath}/eval-config`, body: JSON.stringify({ iouType: "segm" }) },
      { method: "PUT", path: phasePath, body: JSON.stringify({ ...phaseBody(), evaluation: { iouType: "segm" } }) },
    ]) {
      res = await call(attempt, auth);
      expect(res.status, attempt.path).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe("ground_truth_without_masks");
      expect(error.message).toMatch(/without a segmentation .* keep iouType bbox/);
    }
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await call(
      { method: "PATCH", path: `/api/v1/challenges/${published.slug}`, body: "{not json" },
      await bearerHeadersFor(organizer.id),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });
});
