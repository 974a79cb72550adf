// The fault harness (scripts/lib/fault-harness.ts): private PostgreSQL and Redis servers that a
// test may stop, restart and flush, on their own ports, with their files under the run's folder.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Redis } from "ioredis";
import { startPostgresCluster, startRedisServer, type PostgresCluster, type RedisServer } from "../../scripts/lib/fault-harness";
import { faultDir } from "./fault-env";

describe("fault harness", () => {
  let cluster: PostgresCluster;
  let redis: RedisServer;
  beforeAll(async () => {
    const dir = faultDir(`harness-${randomUUID().slice(0, 8)}`);
    [cluster, redis] = await Promise.all([
      startPostgresCluster({ dir: path.join(dir, "pg") }),
      startRedisServer({ dir: path.join(dir, "redis") }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([cluster?.dispose(), redis?.dispose()]);
  });

  it("starts a migrated database on its own port and survives a restart", async () => {
    expect(cluster.port).not.toBe(5432);
    const url = await cluster.createDatabase("maskboard", { migrate: true });
    const query = async (sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    expect(await query(`SELECT count(*)::int AS n FROM "Submission"`)).toEqual([{ n: 0 }]);
    await cluster.stop();
    await expect(query("SELECT 1")).rejects.toThrow();
    await cluster.start();
    expect(await query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("runs a Redis server that can be killed and started again, empty", async () => {
    expect(redis.port).not.toBe(6379);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    client.on("error", () => undefined);
    await client.connect();
    await client.set("k", "v");
    client.disconnect();
    await redis.stop();
    expect(redis.isRunning()).toBe(false);
    await redis.start();
    expect(await redis.command(["GET", "k"])).toBe("");
    expect(await redis.command(["PING"])).toBe("PONG");
  });
});
