import { afterAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "@/lib/queue";
import { env } from "@/lib/config";
import { createAuthRateLimiter, RateLimitedError, type AuthRateLimits } from "@/lib/auth/rate-limit";
import { uniqueSuffix } from "../../helpers/factories";

const redis = createRedisConnection();
afterAll(() => redis.quit());

/** A limiter on its own keys with a clock the test moves (backoff is a matter of seconds to minutes). */
function limiter(limits: Partial<AuthRateLimits> = {}) {
  const clock = { now: Date.now() };
  const rl = createAuthRateLimiter(
    redis,
    {
      windowSeconds: 60,
      signInPerIp: 100,
      signInFreeFailures: 100,
      signInFirstBackoffSeconds: 1,
      signInMaxBackoffSeconds: 900,
      signInFailuresPerAccount: 100,
      signUpPerIp: 100,
      ...limits,
    },
    `${env.BULLMQ_PREFIX}:rl-test-${uniqueSuffix()}`,
    () => clock.now,
  );
  return { rl, clock };
}

async function rejection(promise: Promise<unknown>): Promise<RateLimitedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RateLimitedError);
  return err as RateLimitedError;
}

/** A failed sign-in as the route counts it: the attempt is reserved and never released. */
const fail = (rl: ReturnType<typeof limiter>["rl"], ip: string, email: string) => rl.beforeSignIn(ip, email);

describe("auth rate limits", () => {
  it("back off failed sign-ins per account and address: free failures, then 1 s, 2 s, 4 s ... up to the maximum", async () => {
    const { rl, clock } = limiter({ signInFreeFailures: 3, signInMaxBackoffSeconds: 4 });
    for (let i = 0; i < 3; i++) await fail(rl, "10.0.0.1", "Victim@example.test");
    await fail(rl, "10.0.0.1", "victim@example.test"); // the 4th failure: the next attempt waits 1 s
    let err = await rejection(rl.beforeSignIn("10.0.0.1", "victim@example.test"));
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBe(1);
    expect(err.message).toMatch(/Too many failed sign-in attempts for this account\. Try again in 1 second\./);
    for (const expected of [2, 4, 4]) {
      clock.now += err.retryAfterSeconds * 1000;
      await fail(rl, "10.0.0.1", "victim@example.test");
      err = await rejection(rl.beforeSignIn("10.0.0.1", "victim@example.test"));
      expect(err.retryAfterSeconds).toBe(expected);
    }
  });

  it("do not let a stranger lock the owner out: another address signs in meanwhile", async () => {
    const { rl } = limiter({ signInFreeFailures: 2 });
    for (let i = 0; i < 3; i++) await fail(rl, "10.0.1.66", "owner@example.test");
    await rejection(rl.beforeSignIn("10.0.1.66", "owner@example.test"));
    await rl.beforeSignIn("10.0.1.1", "owner@example.test");
    await rl.beforeSignIn("10.0.1.66", "other-account@example.test"); // other accounts unaffected
  });

  it("cap failures per account from all addresses together, for the window", async () => {
    const { rl } = limiter({ signInFreeFailures: 100, signInFailuresPerAccount: 5, windowSeconds: 60 });
    for (let i = 0; i < 5; i++) await fail(rl, `10.0.2.${i}`, "target@example.test");
    const err = await rejection(rl.beforeSignIn("10.0.2.200", "target@example.test"));
    expect(err.retryAfterSeconds).toBeGreaterThan(50);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("count each attempt before the password check, so parallel guesses cannot pass together", async () => {
    const { rl } = limiter({ signInFreeFailures: 3 });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => rl.beforeSignIn("10.0.3.1", "parallel@example.test")));
    // Three free ones, the fourth starts the backoff (and is let through), the rest wait.
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
  });

  it("clear an address's failures on a successful sign-in", async () => {
    const { rl } = limiter({ signInFreeFailures: 2 });
    await fail(rl, "10.0.4.1", "a@example.test");
    await rl.beforeSignIn("10.0.4.1", "a@example.test");
    await rl.recordSuccessfulSignIn("10.0.4.1", "a@example.test");
    await fail(rl, "10.0.4.1", "a@example.test");
    await fail(rl, "10.0.4.1", "a@example.test");
    await rl.beforeSignIn("10.0.4.1", "a@example.test"); // the 3rd since the success starts the backoff
    await rejection(rl.beforeSignIn("10.0.4.1", "a@example.test"));
  });

  it("limit sign-in attempts per IP", async () => {
    const { rl } = limiter({ signInPerIp: 2 });
    await rl.beforeSignIn("10.1.0.1", "a@example.test");
    await rl.beforeSignIn("10.1.0.1", "b@example.test");
    const err = await rejection(rl.beforeSignIn("10.1.0.1", "c@example.test"));
    expect(err.message).toMatch(/sign-in attempts from your network/);
    await rl.beforeSignIn("10.1.0.2", "c@example.test");
  });

  it("limit sign-ups per IP", async () => {
    const { rl } = limiter({ signUpPerIp: 1 });
    await rl.beforeSignUp("10.2.0.1");
    await rejection(rl.beforeSignUp("10.2.0.1"));
    await rl.beforeSignUp("10.2.0.2");
  });
});
