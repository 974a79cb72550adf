// Complements test/api/leaderboard-private-leak.test.ts with the routes it does not fetch: the
// organizer console (as non-organizers), the challenge definition export, the submit page, team pages,
// /api/v1/me and /api/v1/teams, another team's submission status, the phase-qualified pages, and the
// React Server Component payload of every page (what client navigation fetches: it can carry data the
// HTML does not print). Private scores get unique values; none may appear before the release.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { fetchPages, findLeaks, privateNeedles, type FetchedPage } from "../helpers/leak-search";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;
let alpha: SeededTeam;
let bravo: SeededTeam;
const submissionIds: string[] = [];
const PRIVATE_PRIMARIES = [0.834567, 0.823456];

function routes(): string[] {
  const s = ch.slug;
  return [
    `/c/${s}?phase=test`,
    `/c/${s}/leaderboard?phase=test&split=private`,
    `/c/${s}/leaderboard?phase=test&split=private&page=1&sort=ap50&dir=asc`,
    `/c/${s}/leaderboard/classes?phase=test&split=private&category=2`,
    `/c/${s}/my-submissions?phase=test`,
    `/c/${s}/my-submissions?phase=test&split=private`,
    `/c/${s}/submit`,
    `/c/${s}/manage`,
    `/c/${s}/manage/edit`,
    `/c/${s}/manage/phases/test`,
    `/manage`,
    `/teams`,
    `/teams/${alpha.slug}`,
    `/teams/${bravo.slug}`,
    ...submissionIds.flatMap((id) => [
      `/c/${s}/submissions/${id}?split=private&phase=test`,
      `/c/${s}/submissions/${id}?compare=${submissionIds[1]}&split=private`,
    ]),
    `/api/v1/me`,
    `/api/v1/teams`,
    `/api/v1/challenges/${s}/definition`,
    ...submissionIds.map((id) => `/api/v1/submissions/${id}`),
    `/api/v1/challenges/${s}/phases/test/leaderboard?split=private&category=2&format=csv`,
  ];
}

function bodies(headers: Record<string, string>): Promise<FetchedPage[]> {
  return fetchPages(baseUrl, routes(), headers, { rsc: true });
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
  alpha = await seedTeam(ch, "Sec Leak Alpha");
  bravo = await seedTeam(ch, "Sec Leak Bravo");
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

describe("private split before release, on the routes the leaderboard leak test skips", { timeout: 300_000 }, () => {
  it("leaks nowhere to anonymous visitors", async () => {
    expect(leaks(await bodies({}))).toEqual([]);
  });

  it("leaks nowhere to the scored team (cookie) or another team (API token)", async () => {
    const own = await bodies({ cookie: await sessionCookieFor(alpha.owner.id) });
    expect(own.find((p) => p.route === `/api/v1/submissions/${submissionIds[0]}`)?.status).toBe(200);
    expect(own.find((p) => p.route === `/c/${ch.slug}/manage`)?.status).toBe(403);
    expect(leaks(own)).toEqual([]);
    const other = await bodies(await bearerHeadersFor(bravo.owner.id));
    expect(other.find((p) => p.route === `/api/v1/submissions/${submissionIds[0]}`)?.status).toBe(404);
    expect(leaks(other)).toEqual([]);
  });

  it("organizers see them (the search does find private numbers on these routes)", async () => {
    const found = leaks(await bodies({ cookie: await sessionCookieFor(ch.organizer.id) }));
    expect(found.some((f) => f.startsWith(`/api/v1/submissions/${submissionIds[0]} `))).toBe(true);
  });

  it("the scored team sees its own private scores once released", async () => {
    await prisma.phase.update({ where: { id: ch.phaseId }, data: { privateReleased: true, privateReleasedAt: new Date() } });
    const found = leaks(await bodies({ cookie: await sessionCookieFor(alpha.owner.id) }));
    expect(found.some((f) => f.startsWith(`/api/v1/submissions/${submissionIds[0]} `))).toBe(true);
  });
});
