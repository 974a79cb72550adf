import { beforeAll, describe, expect, it } from "vitest";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { createUser } from "../helpers/factories";
import { createScoredPhase } from "../helpers/submission-fixtures";

let baseUrl: string;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

describe("queue dashboard (Bull Board at /admin/queues)", () => {
  it("shows both evaluation queues to site admins", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const headers = await bearerHeadersFor(admin.id);
    const page = await fetch(`${baseUrl}/admin/queues`, { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Maskboard queues");
    const api = await fetch(`${baseUrl}/admin/queues/api/queues?activeQueue=evaluations&status=latest&page=1`, { headers });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(["evaluations", "evaluations-large"]);
    const asset = /src="([^"]+\.js)"/.exec(await (await fetch(`${baseUrl}/admin/queues`, { headers })).text())?.[1];
    expect(asset, "the page loads its script").toBeTruthy();
    expect((await fetch(new URL(asset!, `${baseUrl}/admin/queues/`), { headers })).status).toBe(200);
  });

  it("answers 404 to organizers, participants and anonymous visitors, and refuses cross-site changes", async () => {
    const phase = await createScoredPhase();
    for (const user of [phase.organizer, phase.member]) {
      expect((await fetch(`${baseUrl}/admin/queues`, { headers: await bearerHeadersFor(user.id) })).status).toBe(404);
      expect((await fetch(`${baseUrl}/admin/queues/api/queues`, { headers: await bearerHeadersFor(user.id) })).status).toBe(404);
    }
    expect((await fetch(`${baseUrl}/admin/queues`)).status).toBe(404);
    const admin = await createUser({ role: "ADMIN" });
    const crossSite = await fetch(`${baseUrl}/admin/queues/api/queues/evaluations/pause`, {
      method: "PUT",
      headers: { cookie: await sessionCookieFor(admin.id), origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
  });
});
