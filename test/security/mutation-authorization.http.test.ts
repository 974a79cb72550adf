// Every mutating API endpoint (test/security/endpoints.ts), hit by everyone who must be refused:
// anonymous visitors, a signed-in stranger, a member of another registered team, the rightful user's
// cookie sent from another site (CSRF), an unknown and a revoked API token. Each must get
// 401/403/404 and leave the database exactly as it was. The last tests make the same kind of request
// legitimately and see the database change, so the fingerprint can fail.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser, uniqueSuffix, type TestUser } from "../helpers/factories";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";
import { MUTATION_ENDPOINTS, READ_ENDPOINTS, type EndpointCase, type Privileged } from "./endpoints";

let baseUrl: string;
let ch: SeededChallenge;
let alpha: SeededTeam;
let bravo: SeededTeam;
let stranger: TestUser;
let admin: TestUser;
let submissionId: string;
const marker = uniqueSuffix();
const revokedTokens = {} as Record<Privileged, string>;
const EVIL_ORIGIN = "https://evil.example";

function ids() {
  return { slug: ch.slug, phase: ch.phaseSlug, submissionId };
}

function privilegedUser(p: Privileged): TestUser {
  return p === "admin" ? admin : alpha.owner;
}

/** Everything the endpoints could change, scoped to this file's rows. */
async function fingerprint(): Promise<string> {
  const [challenge, phases, configs, gts, submissions, participants, audits, strangerRow, created, teams, alphaRegs] = await Promise.all([
    prisma.challenge.findUnique({ where: { id: ch.id } }),
    prisma.phase.findMany({ where: { challengeId: ch.id }, orderBy: { id: "asc" } }),
    prisma.evalConfig.count({ where: { phase: { challengeId: ch.id } } }),
    prisma.groundTruth.findMany({ where: { phase: { challengeId: ch.id } }, select: { id: true, sha256: true }, orderBy: { id: "asc" } }),
    prisma.submission.findMany({
      where: { phase: { challengeId: ch.id } },
      orderBy: { id: "asc" },
      select: { id: true, status: true, isBaseline: true, attempts: true, errorCode: true, evalConfigVersion: true },
    }),
    prisma.challengeParticipant.findMany({ where: { challengeId: ch.id }, orderBy: { id: "asc" } }),
    prisma.auditEvent.count({ where: { challengeId: ch.id } }),
    prisma.user.findUnique({ where: { id: stranger.id }, select: { canCreateChallenges: true, role: true } }),
    prisma.challenge.count({ where: { slug: `sec-${marker}` } }),
    prisma.team.count({ where: { name: `Sec Team ${marker}` } }),
    prisma.challengeParticipant.count({ where: { teamId: alpha.id } }),
  ]);
  return JSON.stringify(
    { challenge, phases, configs, gts, submissions, participants, audits, strangerRow, created, teams, alphaRegs },
    (_k, v) => (typeof v === "bigint" ? String(v) : v),
  );
}

function requestBody(e: EndpointCase): { body?: BodyInit; headers: Record<string, string> } {
  const b = e.body({ alphaTeamSlug: alpha.slug, strangerEmail: stranger.email, marker });
  if (b.json !== undefined) return { body: JSON.stringify(b.json), headers: { "content-type": "application/json" } };
  if (b.raw !== undefined) return { body: b.raw, headers: { "content-type": "application/octet-stream" } };
  if (b.multipart) {
    const form = new FormData();
    const det = [{ image_id: 1, category_id: 1, segmentation: { size: [2, 2], counts: "04" }, score: 0.9 }];
    form.set("file", new Blob([JSON.stringify(det)], { type: "application/json" }), "results.json");
    form.set("description", `sec ${marker}`);
    return { body: form, headers: {} };
  }
  return { headers: {} };
}

async function send(e: EndpointCase, auth: Record<string, string>): Promise<{ status: number; text: string }> {
  const { body, headers } = requestBody(e);
  const res = await fetch(baseUrl + e.path(ids()), { method: e.method, body, headers: { ...headers, ...auth }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

type Refusal = { who: string; auth: () => Promise<Record<string, string>>; expected: number[]; skip?: (e: EndpointCase) => boolean };

const refusals: Refusal[] = [
  { who: "anonymous", auth: async () => ({}), expected: [401, 404], skip: (e) => Boolean(e.allowed?.includes("anonymous")) },
  {
    who: "anonymous from another site",
    auth: async () => ({ origin: EVIL_ORIGIN }),
    expected: [401, 403, 404],
  },
  {
    who: "a signed-in stranger (same-site cookie)",
    auth: async () => ({ cookie: await sessionCookieFor(stranger.id), origin: baseUrl }),
    expected: [403, 404],
    skip: (e) => Boolean(e.allowed?.includes("stranger")),
  },
  {
    who: "a member of another registered team (API token)",
    auth: async () => ({ authorization: `Bearer ${(await createApiToken(bravo.owner.id, "sec")).token}` }),
    expected: [403, 404],
    skip: (e) => Boolean(e.allowed?.includes("otherTeam")),
  },
  {
    who: "the rightful user's cookie from another site (Origin)",
    auth: async () => ({}),
    expected: [403],
  },
  {
    who: "the rightful user's cookie from another site (Sec-Fetch-Site, no Origin)",
    auth: async () => ({}),
    expected: [403],
  },
  {
    who: "an unknown API token",
    auth: async () => ({ authorization: `Bearer mb_${randomBytes(32).toString("base64url").slice(0, 43)}` }),
    expected: [401],
  },
  { who: "a malformed Authorization header", auth: async () => ({ authorization: "Basic YWRtaW46YWRtaW4=" }), expected: [401] },
  { who: "the rightful user's revoked API token", auth: async () => ({}), expected: [401] },
];

async function authFor(r: Refusal, e: EndpointCase): Promise<Record<string, string>> {
  const user = privilegedUser(e.privileged);
  if (r.who.includes("(Origin)")) return { cookie: await sessionCookieFor(user.id), origin: EVIL_ORIGIN };
  if (r.who.includes("Sec-Fetch-Site")) return { cookie: await sessionCookieFor(user.id), "sec-fetch-site": "cross-site" };
  if (r.who.includes("revoked")) return { authorization: `Bearer ${revokedTokens[e.privileged]}` };
  return r.auth();
}

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({});
  alpha = await seedTeam(ch, `Sec Alpha ${marker}`);
  bravo = await seedTeam(ch, `Sec Bravo ${marker}`);
  stranger = await createUser();
  admin = await createUser({ role: "ADMIN" });
  submissionId = await seedSubmission(ch, { team: alpha, createdAt: minutesAgo(5), public: { primary: 0.4 }, private: { primary: 0.5 } });
  for (const p of ["admin", "alphaOwner"] as const) {
    const t = await createApiToken(privilegedUser(p).id, "to revoke");
    await prisma.apiToken.update({ where: { id: t.id }, data: { revokedAt: new Date() } });
    revokedTokens[p] = t.token;
  }
}, SERVER_STARTUP_TIMEOUT_MS);

describe("mutations are refused to everyone without the right", { timeout: 300_000 }, () => {
  for (const r of refusals) {
    it(`refuses ${r.who} on every endpoint, without changing anything`, async () => {
      const wrong: string[] = [];
      for (const e of MUTATION_ENDPOINTS) {
        if (r.skip?.(e)) continue;
        const before = await fingerprint();
        const res = await send(e, await authFor(r, e));
        const after = await fingerprint();
        if (!r.expected.includes(res.status)) wrong.push(`${e.method} ${e.route}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        if (after !== before) wrong.push(`${e.method} ${e.route}: the database changed (HTTP ${res.status})`);
        if (res.status === 401 || res.status === 403)
          expect(JSON.parse(res.text).error?.code, `${e.method} ${e.route}`).toEqual(expect.any(String));
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe("API tokens are checked on every /api/v1 read", { timeout: 120_000 }, () => {
  it("answers 401 to unknown and revoked tokens", async () => {
    const unknown = `Bearer mb_${randomBytes(32).toString("base64url").slice(0, 43)}`;
    const wrong: string[] = [];
    for (const e of READ_ENDPOINTS) {
      for (const authorization of [unknown, `Bearer ${revokedTokens.admin}`]) {
        const res = await fetch(baseUrl + e.path(ids()), { headers: { authorization } });
        if (res.status !== 401) wrong.push(`GET ${e.route}: HTTP ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("the same requests succeed for the rightful user (the checks above can fail)", { timeout: 120_000 }, () => {
  it("a same-site cookie request of an admin changes the challenge", async () => {
    const patch = MUTATION_ENDPOINTS.find((e) => e.method === "PATCH")!;
    const before = await fingerprint();
    const res = await send(patch, { cookie: await sessionCookieFor(admin.id), origin: baseUrl });
    expect(res.status, res.text).toBe(200);
    expect(await fingerprint()).not.toBe(before);
  });

  it("a live API token of an admin releases the private split", async () => {
    const release = MUTATION_ENDPOINTS.find((e) => e.route.endsWith("/release-private"))!;
    const before = await fingerprint();
    const res = await send(release, { authorization: `Bearer ${(await createApiToken(admin.id, "live")).token}` });
    expect(res.status, res.text).toBe(200);
    expect(await fingerprint()).not.toBe(before);
  });
});
