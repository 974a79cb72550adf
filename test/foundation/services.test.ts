import { describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { ServicesUnavailableError, ensureServices } from "../../scripts/lib/services";

describe("ensureServices (npm test / npm run demo)", () => {
  it("resolves when PostgreSQL and Redis answer", async () => {
    await expect(ensureServices(env.DATABASE_URL, env.REDIS_URL)).resolves.toBeUndefined();
  });

  it("says what to install or set when a remote server does not answer (never starts remote ones)", async () => {
    // 192.0.2.0/24 is TEST-NET-1: guaranteed unroutable.
    const error = await ensureServices("postgresql://postgres@192.0.2.1:5432/x", "redis://192.0.2.1:6379").catch((e) => e);
    expect(error).toBeInstanceOf(ServicesUnavailableError);
    expect(error.message).toMatch(/PostgreSQL is not reachable at postgresql:\/\/postgres@192\.0\.2\.1:5432\/x\. Install it/);
    expect(error.message).toMatch(/Redis is not reachable at 192\.0\.2\.1:6379\. Install it .*apt-get install redis-server/);
  }, 20_000);
});
