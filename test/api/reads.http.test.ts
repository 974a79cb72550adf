// The API's read endpoints a participant's script needs: the challenge list, one challenge, its own
// team's submissions page by page, and a submission's scores by metric name.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { bearerHeadersFor } from "../helpers/auth";
import { createUser } from "../helpers/factories";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;
let draft: SeededChallenge;
let team: SeededTeam;
let other: SeededTeam;
const ids: string[] = [];

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({ title: "Readable API challenge", description: "Find the **cars**." });
  draft = await seedChallenge({ status: "DRAFT", title: "Hidden draft" });
  team = await seedTeam(ch, "Reader team");
  other = await seedTeam(ch, "Other readers");
  for (let i = 0; i < 5; i++)
    ids.push(await seedSubmission(ch, { team, createdAt: minutesAgo(50 - i), public: { primary: 0.1 * (i + 1) } }));
  await seedSubmission(ch, { team: other, createdAt: minutesAgo(5), public: { primary: 0.9 } });
}, SERVER_STARTUP_TIMEOUT_MS);

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${baseUrl}${path}`, { headers });
  return { status: res.status, body: await res.json() };
};

describe("GET /api/v1/challenges and /api/v1/challenges/{slug}", () => {
  it("lists published challenges with their counts, never drafts", async () => {
    const { status, body } = await get("/api/v1/challenges");
    expect(status).toBe(200);
    const mine = body.challenges.find((c: { slug: string }) => c.slug === ch.slug);
    expect(mine).toMatchObject({ title: "Readable API challenge", status: "PUBLISHED", teams: 2, submissions: 6 });
    expect(mine.endsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.challenges.some((c: { slug: string }) => c.slug === draft.slug)).toBe(false);
  });

  it("returns one challenge with its phases; a draft is a 404 except to its organizers", async () => {
    const { status, body } = await get(`/api/v1/challenges/${ch.slug}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: ch.slug, description: "Find the **cars**.", teams: 2, submissions: 6 });
    expect(body.phases).toEqual([expect.objectContaining({ slug: "test", submissions: 6, maxSubmissionsPerDay: expect.any(Number) })]);
    expect(body).not.toHaveProperty("id");
    expect((await get(`/api/v1/challenges/${draft.slug}`)).status).toBe(404);
    expect((await get(`/api/v1/challenges/${draft.slug}`, await bearerHeadersFor(draft.organizer.id))).status).toBe(200);
    expect((await get("/api/v1/challenges/no-such-challenge")).status).toBe(404);
  });
});

describe("GET /api/v1/challenges/{slug}/phases/{phase}/submissions?mine=1", () => {
  const path = (query: string) => `/api/v1/challenges/${ch.slug}/phases/test/submissions${query}`;

  it("pages through the caller's team's submissions, newest first, and nobody else's", async () => {
    const headers = await bearerHeadersFor(team.owner.id);
    const first = await get(path("?mine=1&pageSize=2"), headers);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ challenge: ch.slug, phase: "test", page: 1, pageSize: 2, total: 5 });
    expect(first.body.submissions.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first.body.submissions[0]).toMatchObject({ status: "FINISHED", publicPrimary: 0.5, late: false, error: null });
    const last = await get(path("?mine=1&pageSize=2&page=3"), headers);
    expect(last.body.submissions.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
  });

  it("explains what is missing or wrong, and who may not list", async () => {
    const headers = await bearerHeadersFor(team.owner.id);
    const noMine = await get(path(""), headers);
    expect(noMine.status).toBe(400);
    expect(JSON.stringify(noMine.body)).toContain("?mine=1");
    expect((await get(path("?mine=1&pageSize=1000"), headers)).status).toBe(400);
    expect((await get(path("?mine=1"))).status).toBe(401);
    const stranger = await createUser();
    expect((await get(path("?mine=1"), await bearerHeadersFor(stranger.id))).status).toBe(403);
  });
});

describe("GET /api/v1/submissions/{id}", () => {
  it("carries named metrics next to COCO's twelve-number array, null where undefined", async () => {
    const id = ids[2];
    const stats = [0.3, 0.5, 0.25, -1, 0.2, 0.4, 0.1, 0.3, 0.35, -1, 0.3, 0.4];
    await prisma.score.updateMany({ where: { submissionId: id, split: "PUBLIC" }, data: { metrics: { stats, perClass: [] } } });
    const { status, body } = await get(`/api/v1/submissions/${id}`, await bearerHeadersFor(team.owner.id));
    expect(status).toBe(200);
    expect(body.scores.public.stats).toEqual(stats);
    expect(body.scores.public.metrics).toEqual({
      AP: 0.3,
      AP50: 0.5,
      AP75: 0.25,
      APs: null,
      APm: 0.2,
      APl: 0.4,
      AR1: 0.1,
      AR10: 0.3,
      AR100: 0.35,
      ARs: null,
      ARm: 0.3,
      ARl: 0.4,
    });
  });
});

describe("GET /api/v1/openapi.json and the /docs/api page", () => {
  it("serves the OpenAPI 3.1 document with this site as its server", async () => {
    const { status, body } = await get("/api/v1/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(body.servers).toEqual([{ url: baseUrl }]);
    expect(body.paths["/api/v1/challenges/{slug}/phases/{phase}/submissions"]).toHaveProperty("get");
    expect(body.paths["/api/v1/challenges/{slug}/phases/{phase}/submissions"]).toHaveProperty("post");
  });

  it("renders every operation with a curl command for this host", async () => {
    const res = await fetch(`${baseUrl}/docs/api`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<title>API reference · Maskboard</title>");
    expect(html.match(/data-testid="api-operation"/g)?.length).toBeGreaterThan(20);
    expect(html).toContain(`${baseUrl}/api/v1/challenges/$SLUG/phases/$PHASE/submissions`);
  });
});
