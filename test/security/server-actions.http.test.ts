// Server actions called over HTTP the way React calls them (Next-Action header, arguments encoded as
// React's encodeReply does), with ids read from the build's server-reference manifest. They must refuse
// a cross-site Origin (CSRF) and a viewer without the right, and work for the rightful same-site
// caller (so the refusals are not just a broken encoding).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createApiToken } from "@/lib/auth/tokens";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { createUser, type TestUser } from "../helpers/factories";
import { TEST_ENV } from "../helpers/test-env";
import { servedDistDir } from "./served-build";
import { seedChallenge, seedTeam, type SeededChallenge } from "../lib/leaderboard/seed";

let baseUrl: string;
let actionIds: Map<string, string>;
const external = Boolean(process.env[TEST_ENV.externalBaseUrl]);

/** "app/settings/tokens/actions.ts#revokeTokenAction" -> action id. */
async function loadActionIds(): Promise<Map<string, string>> {
  const dist = await servedDistDir();
  const manifest = JSON.parse(readFileSync(path.join(dist, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  // A worktree's build is rooted above the checkout (next.config.ts turbopackRoot): names then carry a
  // prefix ("wt/name/app/..."); keep them relative to the checkout.
  const fromCheckout = (filename: string) => {
    const parts = filename.split("/");
    const app = parts.indexOf("app");
    return app > 0 ? parts.slice(app).join("/") : filename;
  };
  return new Map(Object.entries(manifest.node).map(([id, v]) => [`${fromCheckout(v.filename)}#${v.exportedName}`, id]));
}

/** Calls a server action with `args` (a FormData argument becomes React's "$K" reference); returns the status. */
async function callAction(page: string, action: string, args: (Record<string, string> | null)[], headers: Record<string, string>) {
  return (await actionResponse(page, action, args, headers)).status;
}

/** Same, with the redirect the action answered (Next's x-action-redirect header), if any. */
async function actionResponse(
  page: string,
  action: string,
  args: (Record<string, string> | null)[],
  headers: Record<string, string>,
): Promise<{ status: number; redirect: string | null }> {
  const id = actionIds.get(action);
  if (!id) throw new Error(`no server action ${action} in the build's manifest`);
  const body = new FormData();
  let part = 0;
  const model = args.map((a) => {
    if (a === null) return null;
    part++;
    for (const [k, v] of Object.entries(a)) body.append(`_${part}_${k}`, v);
    return `$K${part.toString(16)}`;
  });
  body.set("0", JSON.stringify(model));
  const res = await fetch(baseUrl + page, {
    method: "POST",
    body,
    headers: { "next-action": id, accept: "text/x-component", ...headers },
    redirect: "manual",
  });
  const text = await res.text();
  if (process.env.MB_DEBUG_ACTIONS)
    console.log(
      action,
      headers.origin,
      res.status,
      text
        .split("\n")
        .filter((l) => /^[01]:/.test(l))
        .join(" | ")
        .slice(0, 800),
    );
  return { status: res.status, redirect: res.headers.get("x-action-redirect") };
}

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  if (!external) actionIds = await loadActionIds();
}, SERVER_STARTUP_TIMEOUT_MS);

describe.skipIf(external)("server actions", { timeout: 120_000 }, () => {
  it("revoking an API token: refused cross-site, done same-site", async () => {
    const user = await createUser();
    const token = await createApiToken(user.id, "csrf target");
    const cookie = await sessionCookieFor(user.id);
    const revoke = (origin: string) =>
      callAction("/settings/tokens", "app/settings/tokens/actions.ts#revokeTokenAction", [null, { tokenId: token.id }], { cookie, origin });
    const isRevoked = async () => (await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt !== null;

    await revoke("https://evil.example");
    expect(await isRevoked()).toBe(false);
    await revoke(baseUrl);
    expect(await isRevoked()).toBe(true);
  });

  it("another user cannot revoke my token even from this site", async () => {
    const owner = await createUser();
    const other = await createUser();
    const token = await createApiToken(owner.id, "not yours");
    await callAction("/settings/tokens", "app/settings/tokens/actions.ts#revokeTokenAction", [null, { tokenId: token.id }], {
      cookie: await sessionCookieFor(other.id),
      origin: baseUrl,
    });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
  });

  describe("organizer action: release the private split", () => {
    let ch: SeededChallenge;
    let participant: TestUser;
    const released = async () => (await prisma.phase.findUniqueOrThrow({ where: { id: ch.phaseId } })).privateReleased;
    const release = async (userId: string, origin: string) =>
      callAction(
        `/c/${ch.slug}/manage/phases/test`,
        "app/c/[slug]/manage/actions.ts#releasePrivateAction",
        // The confirmation and the override (the seeded phase is open) the safeguarded form asks for.
        [{ challenge: ch.slug, phase: "test", confirm: "on", override: "on" }],
        {
          cookie: await sessionCookieFor(userId),
          origin,
        },
      );

    beforeAll(async () => {
      ch = await seedChallenge({});
      participant = (await seedTeam(ch)).owner;
    });

    it("is refused to a participant (same site) and to the organizer's cookie from another site", async () => {
      await release(participant.id, baseUrl);
      expect(await released()).toBe(false);
      await release(ch.organizer.id, "https://evil.example");
      expect(await released()).toBe(false);
      expect(await prisma.auditEvent.count({ where: { challengeId: ch.id, action: "phase.releasePrivate" } })).toBe(0);
    });

    it("works for the organizer on this site", async () => {
      await release(ch.organizer.id, baseUrl);
      expect(await released()).toBe(true);
    });
  });

  it("organizer actions redirect only to same-site paths, whatever the form's `back` says", async () => {
    const ch = await seedChallenge({});
    const cookie = await sessionCookieFor(ch.organizer.id);
    const back = async (value: string) =>
      (
        await actionResponse(
          `/c/${ch.slug}/manage`,
          "app/c/[slug]/manage/actions.ts#setStatusAction",
          // No status: the action refuses, and comes back to `back` with the error.
          [{ challenge: ch.slug, back: value }],
          { cookie, origin: baseUrl },
        )
      ).redirect ?? "";
    expect(await back(`/c/${ch.slug}/manage/edit`)).toMatch(new RegExp(`^/c/${ch.slug}/manage/edit\\?`));
    for (const evil of ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]) {
      const target = await back(evil);
      expect(target, evil).toMatch(new RegExp(`^/c/${ch.slug}/manage\\?`));
      expect(target).not.toContain("evil.example");
    }
  });

  it("team actions: a member cannot remove the owner", async () => {
    const owner = await createUser();
    const member = await createUser();
    const team = await prisma.team.create({
      data: {
        name: `Sec ${owner.id}`,
        slug: `sec-${owner.id.slice(-10)}`,
        memberships: {
          create: [
            { userId: owner.id, role: "OWNER" },
            { userId: member.id, role: "MEMBER" },
          ],
        },
      },
    });
    await callAction(
      `/teams/${team.slug}`,
      "app/teams/actions.ts#removeMemberAction",
      [null, { teamId: team.id, userId: owner.id, teamSlug: team.slug }],
      {
        cookie: await sessionCookieFor(member.id),
        origin: baseUrl,
      },
    );
    expect(await prisma.teamMembership.count({ where: { teamId: team.id } })).toBe(2);
  });
});

describe.skipIf(external)("admin user directory (/admin/users)", { timeout: 120_000 }, () => {
  const grant = async (userId: string, email: string, allowed: boolean, origin: string) =>
    callAction("/admin/users", "app/admin/users/actions.ts#setChallengeCreationAction", [null, { email, allowed: String(allowed) }], {
      cookie: await sessionCookieFor(userId),
      origin,
    });
  const canCreate = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).canCreateChallenges;

  it("the page and its nav link exist for admins only (404 for everyone else)", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser({ canCreateChallenges: true });
    const get = async (path: string, userId?: string) =>
      fetch(baseUrl + path, { headers: userId ? { cookie: await sessionCookieFor(userId) } : {}, redirect: "manual" });

    expect((await get("/admin/users")).status).toBe(404);
    expect((await get("/admin/users", user.id)).status).toBe(404);
    const page = await get(`/admin/users?email=${encodeURIComponent(user.email)}`, admin.id);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(user.email);
    expect(html).not.toContain(admin.email + "</td>");

    expect(await (await get("/", admin.id)).text()).toContain('href="/admin/users"');
    expect(await (await get("/", user.id)).text()).not.toContain('href="/admin/users"');
  });

  it("grant/revoke: refused to a non-admin and cross-site, done by an admin on this site", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const other = await createUser();
    const target = await createUser();

    await grant(other.id, target.email, true, baseUrl);
    expect(await canCreate(target.id)).toBe(false);
    await grant(admin.id, target.email, true, "https://evil.example");
    expect(await canCreate(target.id)).toBe(false);

    await grant(admin.id, target.email, true, baseUrl);
    expect(await canCreate(target.id)).toBe(true);
    await grant(admin.id, target.email, false, baseUrl);
    expect(await canCreate(target.id)).toBe(false);
  });
});
