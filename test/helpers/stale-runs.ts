// Test runs that were killed (Ctrl-C, crash) never reach their teardown. Their databases and Redis
// keys carry the run's start time in their names, so later runs sweep what is clearly abandoned.
import pg from "pg";
import { Redis } from "ioredis";
import { maintenanceConfig } from "../../scripts/lib/schema-engine";
import { isStaleRunName } from "./stale-run-names";

export async function sweepStaleTestRuns(databaseUrl: string, redisUrl: string): Promise<void> {
  const client = new pg.Client(maintenanceConfig(databaseUrl));
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'maskboard\\_test\\_%'");
    for (const { datname } of rows.filter((r) => isStaleRunName(r.datname))) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
  } finally {
    await client.end();
  }

  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "mbtest_*", "COUNT", 1000);
      const stale = keys.filter((k) => isStaleRunName(k));
      if (stale.length) await redis.del(...stale);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
