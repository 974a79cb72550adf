import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

describe("GET /api/health over HTTP", () => {
  it("answers JSON naming each component, 503 while no worker runs", async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    const body = await res.json();
    expect(body.database).toMatchObject({ ok: true });
    expect(body.redis).toMatchObject({ ok: true });
    // Another test file may run a worker meanwhile; the status must agree with the report.
    expect(res.status).toBe(body.ok ? 200 : 503);
    if (!body.ok) expect(body.down).toEqual(["worker"]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
