// Issue 16 item 7: with maxmemory-policy allkeys-lru Redis evicted 94 of 200 queued jobs. A worker
// refuses to start on a Redis that evicts keys, saying how to fix it, and the health check names
// Redis. Runs against a private redis-server (fault harness), never the shared one.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/health";
import { startRedisServer, type RedisServer } from "../../scripts/lib/fault-harness";
import { spawnWorker } from "../helpers/worker";
import { faultDir } from "./fault-env";

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer({
    dir: path.join(faultDir(`redis-eviction-${randomUUID().slice(0, 8)}`), "redis"),
    args: ["--maxmemory-policy", "allkeys-lru"],
  });
  client = new Redis(server.url, { maxRetriesPerRequest: 1 });
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await server?.dispose();
});

const HOW = /maxmemory-policy is "allkeys-lru".*redis-cli CONFIG SET maxmemory-policy noeviction/;

describe("a Redis whose maxmemory-policy evicts keys", () => {
  it("is refused by the worker at start, with the command that fixes it", async () => {
    const worker = spawnWorker({ REDIS_URL: server.url, WATCHDOG_INTERVAL_MS: "0" });
    const code = await worker.exited;
    expect(code, worker.output()).toBe(1);
    expect(worker.output()).toMatch(HOW);
    expect(worker.output()).not.toMatch(/ ready: /);
  }, 120_000);

  it("is named by the health check, and is fine again once set to noeviction", async () => {
    const report = await checkHealth({ redis: client });
    expect(report.down).toContain("redis");
    expect(report.redis.detail).toMatch(HOW);
    await server.command(["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    const fixed = await checkHealth({ redis: client });
    expect(fixed.redis).toEqual({ ok: true, detail: "reachable" });
  });
});
