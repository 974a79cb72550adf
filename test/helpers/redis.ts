// Redis access for tests, inside the run's BULLMQ_PREFIX (deleted by the global teardown).
import type { Redis } from "ioredis";
import { env } from "@/lib/config";
import { createRedisConnection } from "@/lib/queue";

/** A fresh connection; call .disconnect() in afterAll. */
export function createTestRedis(): Redis {
  return createRedisConnection();
}

/** A key under the run's prefix, for tests that store their own Redis data. */
export function testRedisKey(...parts: string[]): string {
  return [env.BULLMQ_PREFIX, "test", ...parts].join(":");
}
