// No page or API response may contain a private-split number before the organizers release it.
// Private scores get values whose printed forms appear nowhere else; every public route is fetched
// as an anonymous visitor, as a member of another team and as a member of the scored team, and the
// bodies are searched. After the release the same search must find them (so the test can fail).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { fetchPages, findLeaks, privateNeedles, type FetchedPage } from "../helpers/leak-search";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;
let alpha: SeededTeam;
let outsider: SeededTeam;
const submissionIds: string[] = [];
const PRIVATE_PRIMARIES = [0.912345, 0.876543];

function routes(): string[] {
  const s = ch.slug;
  const api = `/api/v1/challenges/${s}/phases/test/leaderboard`;
  return [
    "/",
    `/c/${s}`,
    `/c/${s}/leaderboard`,
    `/c/${s}/leaderboard?split=private`,
    `/c/${s}/leaderboard?split=private&sort=ap&dir=desc`,
    `/c/${s}/leaderboard/classes`,
    `/c/${s}/leaderboard/classes?split=private`,
    `/c/${s}/leaderboard/classes?split=private&category=1`,
    `/c/${s}/leaderboard/classes?category=1&sort=class:1`,
    `/c/${s}/my-submissions`,
    ...submissionIds.flatMap((id) => [
      `/c/${s}/submissions/${id}`,
      `/c/${s}/submissions/${id}?split=private`,
      `/c/${s}/submissions/${id}?compare=${submissionIds[0]}`,
    ]),
    api,
    `${api}?split=private`,
    `${api}?split=private&format=csv`,
    `${api}?format=csv`,
    `${api}?category=1`,
    `${api}?category=1&split=private`,
    `/api/v1/submissions/${submissionIds[0]}`,
  ];
}

function bodies(headers: Record<string, string>): Promise<FetchedPage[]> {
  return fetchPages(baseUrl, routes(), headers);
}

function leaks(pages: FetchedPage[]): string[] {
  return findLeaks(pages, privateNeedles(PRIVATE_PRIMARIES));
}

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({
    categories: [
      { cocoId: 1, name: "person" },
      { cocoId: 2, name: "bicycle" },
    ],
  });
  alpha = await seedTeam(ch, "Leak Alpha");
  const bravo = await seedTeam(ch, "Leak Bravo");
  outsider = await seedTeam(ch, "Leak Outsider");
  submissionIds.push(
    await seedSubmission(ch, {
      team: alpha,
      createdAt: minutesAgo(20),
      public: { primary: 0.31 },
      private: { primary: PRIVATE_PRIMARIES[0] },
    }),
  );
  submissionIds.push(
    await seedSubmission(ch, {
      team: bravo,
      createdAt: minutesAgo(10),
      public: { primary: 0.27 },
      private: { primary: PRIVATE_PRIMARIES[1] },
    }),
  );
}, SERVER_STARTUP_TIMEOUT_MS);

describe("private split before release", { timeout: 240_000 }, () => {
  it("leaks nowhere to anonymous visitors", async () => {
    const pages = await bodies({});
    expect(pages.find((p) => p.route === `/c/${ch.slug}/leaderboard`)?.status).toBe(200);
    expect(pages.find((p) => p.route.endsWith("/leaderboard?split=private") && p.route.startsWith("/api/"))?.status).toBe(403);
    expect(pages.find((p) => p.route === `/c/${ch.slug}/leaderboard?split=private`)?.body).toContain("not released");
    expect(leaks(pages)).toEqual([]);
  });

  it("leaks nowhere to another team's member (cookie and API token)", async () => {
    expect(leaks(await bodies({ cookie: await sessionCookieFor(outsider.owner.id) }))).toEqual([]);
    expect(leaks(await bodies(await bearerHeadersFor(outsider.owner.id)))).toEqual([]);
  });

  it("leaks nowhere to the scored team itself", async () => {
    const pages = await bodies({ cookie: await sessionCookieFor(alpha.owner.id) });
    expect(pages.find((p) => p.route === `/c/${ch.slug}/submissions/${submissionIds[0]}`)?.status).toBe(200);
    expect(leaks(pages)).toEqual([]);
  });

  it("shows the numbers once released (the search does find them)", async () => {
    await prisma.phase.update({ where: { id: ch.phaseId }, data: { privateReleased: true, privateReleasedAt: new Date() } });
    const pages = await bodies({});
    expect(pages.find((p) => p.route.endsWith("/leaderboard?split=private") && p.route.startsWith("/api/"))?.status).toBe(200);
    const found = leaks(pages);
    expect(found.some((f) => f.startsWith(`/c/${ch.slug}/leaderboard?split=private `))).toBe(true);
    expect(found.some((f) => f.includes("/api/v1/challenges/") && f.includes("split=private"))).toBe(true);
    expect(found.some((f) => f.startsWith(`/c/${ch.slug}/leaderboard/classes?split=private `))).toBe(true);
  });
});
