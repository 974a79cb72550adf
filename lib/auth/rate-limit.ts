import "server-only";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { createRedisConnection } from "@/lib/queue";
import { normalizeEmail } from "./emails";

/** 429 with Retry-After; the message says when to try again. */
export class RateLimitedError extends AppError {
  declare readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super({ status: 429, code: "rate_limited", message, retryAfterSeconds });
  }
}

export type AuthRateLimits = {
  windowSeconds: number;
  signInPerIp: number;
  signInFailuresPerAccount: number;
  signUpPerIp: number;
};

export function authRateLimitsFromEnv(): AuthRateLimits {
  return {
    windowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    signInPerIp: env.AUTH_SIGNIN_MAX_PER_IP,
    signInFailuresPerAccount: env.AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT,
    signUpPerIp: env.AUTH_SIGNUP_MAX_PER_IP,
  };
}

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function limited(what: string, res: RateLimiterRes): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new RateLimitedError(`Too many ${what}. Try again in ${inWords(seconds)}.`, seconds);
}

/** consume() rejects with a RateLimiterRes when over the limit, and with an Error when Redis fails. */
async function consumeOrThrow(limiter: RateLimiterRedis, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw limited(what, rejection);
    throw rejection;
  }
}

export type AuthRateLimiter = ReturnType<typeof createAuthRateLimiter>;

/**
 * Sign-in: every attempt counts against the client IP; failed attempts count against the account (reset by
 * a successful sign-in), so guessing one account's password is slow from any number of addresses.
 * Sign-up: every attempt counts against the IP.
 */
export function createAuthRateLimiter(redis: Redis, limits: AuthRateLimits, keyPrefix = `${env.BULLMQ_PREFIX}:rl`) {
  const make = (name: string, points: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:${name}`, points, duration: limits.windowSeconds });
  const signInIp = make("signin-ip", limits.signInPerIp);
  const signInAccount = make("signin-account", limits.signInFailuresPerAccount);
  const signUpIp = make("signup-ip", limits.signUpPerIp);

  return {
    async beforeSignIn(ip: string, email: string): Promise<void> {
      const account = await signInAccount.get(normalizeEmail(email));
      if (account && account.consumedPoints >= limits.signInFailuresPerAccount) {
        throw limited("failed sign-in attempts for this account", account);
      }
      await consumeOrThrow(signInIp, ip, "sign-in attempts from your network");
    },
    async recordFailedSignIn(email: string): Promise<void> {
      // The rejection when already over the limit is expected: the next beforeSignIn reports it.
      await signInAccount.consume(normalizeEmail(email)).catch((r) => {
        if (!(r instanceof RateLimiterRes)) throw r;
      });
    },
    async recordSuccessfulSignIn(email: string): Promise<void> {
      await signInAccount.delete(normalizeEmail(email));
    },
    async beforeSignUp(ip: string): Promise<void> {
      await consumeOrThrow(signUpIp, ip, "sign-up attempts from your network");
    },
  };
}

let shared: AuthRateLimiter | undefined;
/** The limiter of this process, on its own Redis connection, with the limits from the environment. */
export function authRateLimiter(): AuthRateLimiter {
  // Bounded retries: with Redis down, sign-in fails with an error instead of hanging (fail closed).
  shared ??= createAuthRateLimiter(createRedisConnection({ maxRetriesPerRequest: 2 }), authRateLimitsFromEnv());
  return shared;
}
