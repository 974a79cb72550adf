import { afterAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "@/lib/queue";
import { env } from "@/lib/config";
import { createAuthRateLimiter, RateLimitedError } from "@/lib/auth/rate-limit";
import { uniqueSuffix } from "../../helpers/factories";

const redis = createRedisConnection();
afterAll(() => redis.quit());

function limiter(limits: Partial<Parameters<typeof createAuthRateLimiter>[1]> = {}) {
  return createAuthRateLimiter(
    redis,
    { windowSeconds: 1, signInPerIp: 100, signInFailuresPerAccount: 100, signUpPerIp: 100, ...limits },
    `${env.BULLMQ_PREFIX}:rl-test-${uniqueSuffix()}`,
  );
}

async function rejection(promise: Promise<unknown>): Promise<RateLimitedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RateLimitedError);
  return err as RateLimitedError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("auth rate limits", () => {
  it("limit failed sign-ins per account, from any address, and release after the window", async () => {
    const rl = limiter({ signInFailuresPerAccount: 3 });
    for (let i = 0; i < 3; i++) {
      await rl.beforeSignIn(`10.0.0.${i}`, "Victim@example.test");
      await rl.recordFailedSignIn("victim@example.test");
    }
    const err = await rejection(rl.beforeSignIn("10.0.0.99", "victim@example.test"));
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.message).toMatch(/Too many failed sign-in attempts for this account\. Try again in \d+ seconds?\./);
    await rl.beforeSignIn("10.0.0.99", "someone-else@example.test"); // other accounts unaffected
    await sleep(1100);
    await rl.beforeSignIn("10.0.0.99", "victim@example.test");
  });

  it("reset an account's failures on a successful sign-in", async () => {
    const rl = limiter({ signInFailuresPerAccount: 2 });
    await rl.recordFailedSignIn("a@example.test");
    await rl.recordSuccessfulSignIn("a@example.test");
    await rl.recordFailedSignIn("a@example.test");
    await rl.beforeSignIn("10.0.0.1", "a@example.test");
  });

  it("limit sign-in attempts per IP", async () => {
    const rl = limiter({ signInPerIp: 2 });
    await rl.beforeSignIn("10.1.0.1", "a@example.test");
    await rl.beforeSignIn("10.1.0.1", "b@example.test");
    const err = await rejection(rl.beforeSignIn("10.1.0.1", "c@example.test"));
    expect(err.message).toMatch(/sign-in attempts from your network/);
    await rl.beforeSignIn("10.1.0.2", "c@example.test");
  });

  it("limit sign-ups per IP and release after the window", async () => {
    const rl = limiter({ signUpPerIp: 1 });
    await rl.beforeSignUp("10.2.0.1");
    await rejection(rl.beforeSignUp("10.2.0.1"));
    await sleep(1100);
    await rl.beforeSignUp("10.2.0.1");
  });
});
