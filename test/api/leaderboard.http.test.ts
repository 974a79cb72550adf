import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { bearerHeadersFor } from "../helpers/auth";
import { loadOverallLeaderboard, loadPhaseContext } from "@/lib/leaderboard";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;
const api = (slug: string, query = "") => `${baseUrl}/api/v1/challenges/${slug}/phases/test/leaderboard${query}`;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({
    categories: [
      { cocoId: 1, name: "person" },
      { cocoId: 7, name: "train", publicCount: 0 },
    ],
  });
  const a = await seedTeam(ch, "Api Alpha");
  const b = await seedTeam(ch, "Api, Bravo");
  await seedSubmission(ch, {
    team: a,
    createdAt: minutesAgo(30),
    public: { primary: 0.41, classes: { 1: 0.2, 7: -1 } },
    private: { primary: 0.5 },
  });
  await seedSubmission(ch, {
    team: a,
    createdAt: minutesAgo(20),
    public: { primary: 0.45, classes: { 1: 0.3, 7: -1 } },
    private: { primary: 0.6 },
  });
  await seedSubmission(ch, {
    team: b,
    createdAt: minutesAgo(10),
    public: { primary: 0.43, classes: { 1: 0.6, 7: -1 } },
    private: { primary: 0.7 },
  });
  await seedSubmission(ch, {
    team: null,
    isBaseline: true,
    description: "baseline",
    createdAt: minutesAgo(40),
    public: { primary: 0.1, classes: { 7: -1 } },
    private: { primary: 0.1 },
  });
}, SERVER_STARTUP_TIMEOUT_MS);

describe("GET /api/v1/challenges/{slug}/phases/{phase}/leaderboard", () => {
  it("returns the same rows as the pages' read model", async () => {
    const res = await fetch(api(ch.slug));
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = await loadOverallLeaderboard((await loadPhaseContext(ch.slug, "test"))!, "public");
    expect(body.rows).toHaveLength(3);
    expect(body.rows.map((r: { submissionId: string; rank: number | null; ap: number }) => [r.submissionId, r.rank, r.ap])).toEqual(
      expected.map((r) => [r.submissionId, r.rank, r.metrics.ap]),
    );
    expect(body.rows[0]).toMatchObject({ rank: 1, team: { name: "Api Alpha" }, primary: 0.45, entries: 2, baseline: false });
    expect(body.rows[2]).toMatchObject({ rank: null, baseline: true });
    expect(body.rows[0]).not.toHaveProperty("move");
  });

  it("downloads CSV with a header row", async () => {
    const res = await fetch(api(ch.slug, "?format=csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "rank,team,team_slug,submission_id,baseline,primary,ap,ap50,ap75,ap_small,ap_medium,ap_large,ar1,ar10,ar100,ar_small,ar_medium,ar_large,entries,submitted_at,ci_level,ci_low,ci_high,rank_group",
    );
    expect(lines).toHaveLength(4);
    expect(lines[2].startsWith('2,"Api, Bravo",')).toBe(true);
  });

  it("returns one class's ranking with its best team and mean AP, and null for a class without ground truth", async () => {
    const person = await (await fetch(api(ch.slug, "?category=1"))).json();
    expect(person.category).toMatchObject({ id: 1, name: "person" });
    expect(person.best.team.name).toBe("Api, Bravo");
    expect(person.meanAp).toBeCloseTo(0.45, 12);
    const train = await (await fetch(api(ch.slug, "?category=7&format=json"))).json();
    expect(train.best).toBeNull();
    expect(train.meanAp).toBeNull();
    expect(train.rows.every((r: { ap: number | null }) => r.ap === null)).toBe(true);
    const csv = await (await fetch(api(ch.slug, "?category=7&format=csv"))).text();
    expect(csv.split("\r\n")[1].split(",")).toContain("train");
  });

  it("downloads the full teams x classes matrix as CSV and JSON, undefined classes empty or null", async () => {
    const csv = await fetch(api(ch.slug, "?view=classes&format=csv"));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toContain(`${ch.slug}-test-public-classes.csv`);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("rank,team,team_slug,submission_id,baseline,person,train");
    expect(lines.slice(1).map((l) => l.split(",").slice(-2))).toEqual([
      ["0.3", ""],
      ["0.6", ""],
      ["0.1", ""],
    ]);
    expect(lines[2].startsWith('2,"Api, Bravo",')).toBe(true);
    const json = await (await fetch(api(ch.slug, "?view=classes"))).json();
    expect(json.classes).toEqual([
      { id: 1, name: "person", supercategory: expect.any(String), gtInstances: 5, frequency: null },
      { id: 7, name: "train", supercategory: expect.any(String), gtInstances: 0, frequency: null },
    ]);
    expect(
      json.rows.map((r: { rank: number | null; team: { name: string }; ap: (number | null)[] }) => [r.rank, r.team.name, r.ap]),
    ).toEqual([
      [1, "Api Alpha", [0.3, null]],
      [2, "Api, Bravo", [0.6, null]],
      [null, "Baseline: baseline", [0.1, null]],
    ]);
    expect(json.meanOverTeams[0]).toBeCloseTo(0.45, 12);
    expect(json.meanOverTeams[1]).toBeNull();
    expect((await fetch(api(ch.slug, "?view=grid"))).status).toBe(400);
  });

  it("refuses the private split before release, except to organizers (with moves)", async () => {
    const anon = await fetch(api(ch.slug, "?split=private"));
    expect(anon.status).toBe(403);
    expect((await anon.json()).error.code).toBe("private_not_released");
    const org = await fetch(api(ch.slug, "?split=private"), { headers: await bearerHeadersFor(ch.organizer.id) });
    expect(org.status).toBe(200);
    const body = await org.json();
    expect(body.rows.map((r: { team: { name: string }; move: number | null }) => [r.team.name, r.move])).toEqual([
      ["Api, Bravo", 1],
      ["Api Alpha", -1],
      ["Baseline: baseline", null],
    ]);
  });

  it("explains bad query parameters and unknown resources", async () => {
    const bad = await fetch(api(ch.slug, "?split=secret"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("split");
    const cat = await fetch(api(ch.slug, "?category=999"));
    expect(cat.status).toBe(404);
    expect((await cat.json()).error.code).toBe("unknown_category");
    expect((await fetch(`${baseUrl}/api/v1/challenges/${ch.slug}/phases/nope/leaderboard`)).status).toBe(404);
    const draft = await seedChallenge({ status: "DRAFT" });
    expect((await fetch(api(draft.slug))).status).toBe(404);
  });
});
