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
  /** Failed sign-ins to one account from one address before backoff starts. */
  signInFreeFailures: number;
  /** The first wait after the free failures; each further failure doubles it. */
  signInFirstBackoffSeconds: number;
  signInMaxBackoffSeconds: number;
  /** Failed sign-ins to one account from all addresses together, per window. */
  signInFailuresPerAccount: number;
  signUpPerIp: number;
};

export function authRateLimitsFromEnv(): AuthRateLimits {
  return {
    windowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    signInPerIp: env.AUTH_SIGNIN_MAX_PER_IP,
    signInFreeFailures: env.AUTH_SIGNIN_FREE_FAILURES,
    signInFirstBackoffSeconds: env.AUTH_SIGNIN_FIRST_BACKOFF_SECONDS,
    signInMaxBackoffSeconds: env.AUTH_SIGNIN_MAX_BACKOFF_SECONDS,
    signInFailuresPerAccount: env.AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT,
    signUpPerIp: env.AUTH_SIGNUP_MAX_PER_IP,
  };
}

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function limitedFor(what: string, ms: number): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new RateLimitedError(`Too many ${what}. Try again in ${inWords(seconds)}.`, seconds);
}

/** consume() rejects with a RateLimiterRes when over the limit, and with an Error when Redis fails. */
async function consumeOrThrow(limiter: RateLimiterRedis, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw limitedFor(what, rejection.msBeforeNext);
    throw rejection;
  }
}

/**
 * One sign-in attempt, counted before the password is checked (so parallel guesses cannot all slip
 * through before the first failure is recorded); a success takes it back.
 * KEYS[1]: hash {fails, until} for account+address. KEYS[2]: failures of the account from everywhere.
 * ARGV: now (ms), free failures, max backoff (ms), window (ms), account ceiling, first backoff (ms).
 * Returns {0, 0} (go ahead), {1, ms} (this address must wait) or {2, ms} (the account's ceiling).
 */
const RESERVE_SIGN_IN = `
local now = tonumber(ARGV[1])
local waitUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if waitUntil > now then return {1, waitUntil - now} end
local total = tonumber(redis.call('GET', KEYS[2]) or '0')
if total >= tonumber(ARGV[5]) then
  local ttl = redis.call('PTTL', KEYS[2])
  return {2, ttl > 0 and ttl or tonumber(ARGV[4])}
end
local fails = redis.call('HINCRBY', KEYS[1], 'fails', 1)
local free = tonumber(ARGV[2])
local delay = 0
if fails > free then
  delay = math.min(tonumber(ARGV[3]), tonumber(ARGV[6]) * 2 ^ math.min(fails - free - 1, 40))
  redis.call('HSET', KEYS[1], 'until', now + delay)
end
redis.call('PEXPIRE', KEYS[1], delay + tonumber(ARGV[4]))
redis.call('INCR', KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4])) end
return {0, 0}
`;

const RELEASE_SIGN_IN = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0
`;

export type AuthRateLimiter = ReturnType<typeof createAuthRateLimiter>;

/**
 * Sign-in: every attempt counts against the client address. Failures count against the account *from
 * that address*: after `signInFreeFailures` each further attempt from there waits twice as long as the
 * last (1 s, 2 s, 4 s, ... by default, up to the maximum), so a stranger cannot lock the owner out from elsewhere;
 * and against the account from everywhere, up to a ceiling per window that bounds guessing from many
 * addresses. A successful sign-in clears its address's failures.
 * Sign-up: every attempt counts against the address.
 */
export function createAuthRateLimiter(
  redis: Redis,
  limits: AuthRateLimits,
  keyPrefix = `${env.BULLMQ_PREFIX}:rl`,
  now: () => number = Date.now,
) {
  const make = (name: string, points: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:${name}`, points, duration: limits.windowSeconds });
  const signInIp = make("signin-ip", limits.signInPerIp);
  const signUpIp = make("signup-ip", limits.signUpPerIp);
  const pairKey = (email: string, ip: string) => `${keyPrefix}:signin-fail:${JSON.stringify([normalizeEmail(email), ip])}`;
  const accountKey = (email: string) => `${keyPrefix}:signin-fail-account:${normalizeEmail(email)}`;

  return {
    async beforeSignIn(ip: string, email: string): Promise<void> {
      await consumeOrThrow(signInIp, ip, "sign-in attempts from your network");
      const [verdict, ms] = (await redis.eval(
        RESERVE_SIGN_IN,
        2,
        pairKey(email, ip),
        accountKey(email),
        now(),
        limits.signInFreeFailures,
        limits.signInMaxBackoffSeconds * 1000,
        limits.windowSeconds * 1000,
        limits.signInFailuresPerAccount,
        limits.signInFirstBackoffSeconds * 1000,
      )) as [number, number];
      if (verdict === 1) throw limitedFor("failed sign-in attempts for this account", ms);
      if (verdict === 2) throw limitedFor("failed sign-in attempts for this account", ms);
    },
    async recordSuccessfulSignIn(ip: string, email: string): Promise<void> {
      await redis.eval(RELEASE_SIGN_IN, 2, pairKey(email, ip), accountKey(email));
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
