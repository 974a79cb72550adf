import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, env, parseEnv } from "@/lib/config";

describe("lib/config", () => {
  it("fills local development defaults", () => {
    const cfg = parseEnv({});
    expect(cfg.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/maskboard");
    expect(cfg.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(cfg.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(cfg.DATA_DIR).toBe(path.resolve("./data"));
    expect(cfg.BULLMQ_PREFIX).toBe("maskboard");
    expect(cfg.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(cfg.WORKER_CONCURRENCY).toBe(1);
  });

  it("coerces numbers and resolves DATA_DIR to an absolute path", () => {
    const cfg = parseEnv({ WORKER_CONCURRENCY: "3", EVAL_JOB_TIMEOUT_MS: "5000", DATA_DIR: "rel/dir" });
    expect(cfg.WORKER_CONCURRENCY).toBe(3);
    expect(cfg.EVAL_JOB_TIMEOUT_MS).toBe(5000);
    expect(cfg.DATA_DIR).toBe(path.resolve("rel/dir"));
  });

  it("selects the object store: local by default, s3 only with a bucket", () => {
    expect(parseEnv({}).STORAGE_DRIVER).toBe("local");
    expect(() => parseEnv({ STORAGE_DRIVER: "s3" })).toThrow(/S3_BUCKET is required when STORAGE_DRIVER is "s3"/);
    const cfg = parseEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "b", S3_FORCE_PATH_STYLE: "true", S3_ENDPOINT: "http://minio:9000" });
    expect(cfg.S3_FORCE_PATH_STYLE).toBe(true);
    expect(cfg.S3_ENDPOINT).toBe("http://minio:9000");
  });

  it("requires NEXTAUTH_SECRET in production, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET is required in production/);
    const secret = randomBytes(32).toString("base64");
    expect(parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: secret }).NEXTAUTH_SECRET).toBe(secret);
    // `next build` (a Docker image build) needs no secret; serving it does.
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-server" })).toThrow(/NEXTAUTH_SECRET is required/);
  });

  it("names every malformed variable with how to fix it", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://db", WORKER_CONCURRENCY: "many", REDIS_URL: "localhost:6379" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(["DATABASE_URL", "REDIS_URL", "WORKER_CONCURRENCY"]);
    expect((error as Error).message).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
  });

  it("reads the job lock and stalled check (BullMQ's 30 s by default) and refuses the test hook in production", () => {
    expect(parseEnv({})).toMatchObject({ WORKER_LOCK_DURATION_MS: 30_000, WORKER_STALLED_INTERVAL_MS: 30_000 });
    expect(parseEnv({}).WORKER_TEST_HOLD_DIR).toBeUndefined();
    expect(parseEnv({ WORKER_LOCK_DURATION_MS: "3000", WORKER_STALLED_INTERVAL_MS: "1000" })).toMatchObject({
      WORKER_LOCK_DURATION_MS: 3000,
      WORKER_STALLED_INTERVAL_MS: 1000,
    });
    expect(() => parseEnv({ WORKER_LOCK_DURATION_MS: "0" })).toThrow(/WORKER_LOCK_DURATION_MS must be > 0/);
    const production = { NODE_ENV: "production", NEXTAUTH_SECRET: "k3J9x/Qm2pL8vR4tW6yZ1aB5cD7eF0gH3iJ+lN8oP2s=" };
    expect(() => parseEnv({ ...production, WORKER_TEST_HOLD_DIR: "/tmp/hold" })).toThrow(/WORKER_TEST_HOLD_DIR is a test hook/);
  });

  it("rejects half-configured sign-in providers", () => {
    expect(() => parseEnv({ GITHUB_ID: "abc" })).toThrow(/GITHUB_SECRET/);
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example" })).toThrow(/OIDC_CLIENT_ID/);
  });

  it("reads the per-run test environment once", () => {
    expect(env.DATABASE_URL).toBe(process.env.DATABASE_URL);
    expect(process.env.DATA_DIR).toContain(process.env.MB_TEST_RUN_DIR);
    expect(env.DATA_DIR).toBe(path.resolve(process.env.DATA_DIR!));
  });
});
