import "server-only";
import path from "node:path";
import { z } from "zod";

// Every environment variable Maskboard reads, validated once at start-up. Defaults suit local
// development; production must set NEXTAUTH_SECRET (and usually the URLs).
const DEV_NEXTAUTH_SECRET = "maskboard-dev-secret-not-for-production-use-000000";
/** The shortest production secret: 32 bytes, as `openssl rand -base64 32` prints (44 characters). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

/**
 * Why a production secret is unusable, or null. Whoever knows the secret can forge any session
 * (an organizer's, then read the private split), so published values and guessable shapes are refused.
 */
export function weakSecretProblem(secret: string): string | null {
  const bytes = Buffer.byteLength(secret, "utf8");
  if (bytes < MIN_PRODUCTION_SECRET_BYTES) {
    return `is ${bytes} bytes long; production needs at least ${MIN_PRODUCTION_SECRET_BYTES} (generate one with: openssl rand -base64 32)`;
  }
  const lower = secret.toLowerCase();
  const placeholder =
    secret === DEV_NEXTAUTH_SECRET ||
    /change[-_ ]?me|replace[-_ ]?me|placeholder|your[-_ ]?secret|not[-_ ]for[-_ ]production|example|^(secret|password)/.test(lower);
  if (placeholder || new Set(secret).size < 8) {
    return "is a placeholder or example value (anyone could forge sessions with it); generate one with: openssl rand -base64 32";
  }
  return null;
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const nonNegativeInt = (fallback: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be >= 0").default(fallback);

const positiveInt = (fallback: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be > 0").default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Set by Next: "phase-production-build" while `next build` collects page data.
    NEXT_PHASE: optionalString,
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL, e.g. postgresql://postgres@127.0.0.1:5432/maskboard")
      .default("postgresql://postgres@127.0.0.1:5432/maskboard"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL, e.g. redis://127.0.0.1:6379")
      .default("redis://127.0.0.1:6379"),
    NEXTAUTH_SECRET: optionalString,
    NEXTAUTH_URL: z.url({ error: "must be an absolute URL, e.g. http://localhost:3000" }).default("http://localhost:3000"),
    /** A session not used for this many days ends (lib/auth/sessions.ts); sign-in sessions last 30 days at most. */
    SESSION_IDLE_DAYS: positiveInt(7),
    DATA_DIR: z.string().min(1).default("./data"),
    /** GET /api/health answers 503 (storage) when DATA_DIR's disk has less free space than this many MiB (lib/health.ts). */
    HEALTH_MIN_FREE_MB: nonNegativeInt(512),
    BULLMQ_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]+$/, "may only contain letters, digits and _ : . -")
      .default("maskboard"),
    WORKER_CONCURRENCY: positiveInt(1),
    EVAL_JOB_TIMEOUT_MS: positiveInt(30 * 60 * 1000),
    /** Files of at least this size go to the large-job queue, served by its own worker slots (lib/scheduling). */
    LARGE_JOB_MIN_MB: positiveInt(64),
    /**
     * Results files of at least this size are scored sharded (lib/scoring/score-sharded.ts): cut into
     * image shards of about SHARD_TARGET_MB each, matched by child jobs on any worker, merged by the parent.
     */
    SHARD_MIN_MB: positiveInt(512),
    SHARD_TARGET_MB: positiveInt(384),
    /**
     * How often a worker removes the shard files (DATA_DIR/shards) of submissions that are no longer
     * queued or running: what a crash or a cancel racing a shard left behind (lib/sharding/shard-store.ts); 0 turns it off.
     */
    SHARD_SWEEP_INTERVAL_MS: nonNegativeInt(10 * 60_000),
    /**
     * TIDE's error analysis (lib/tide, docs/tide.md) holds every detection of a results file in memory:
     * files expanding past this many MiB are not analysed (their scores are unaffected).
     */
    TIDE_MAX_RESULTS_MB: positiveInt(512),
    /** Large-job slots per worker process (0: this worker takes no large jobs). */
    WORKER_LARGE_CONCURRENCY: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(0, "must be >= 0")
      .default(1),
    /**
     * Heap limit (MiB) of each evaluation thread; 0 derives it so that all of a worker's slots together
     * fit the machine: 60% of RAM / (WORKER_CONCURRENCY + WORKER_LARGE_CONCURRENCY) (lib/scheduling/thread-heap.ts).
     */
    EVAL_THREAD_HEAP_MB: nonNegativeInt(0),
    /** How often a worker reconciles QUEUED/RUNNING submissions with the queue (worker/watchdog.ts); 0 turns it off. */
    WATCHDOG_INTERVAL_MS: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(0, "must be >= 0")
      .default(60_000),
    /**
     * BullMQ's job lock: a worker renews it every half of this while a job runs; a job whose worker died
     * is declared stalled and run again once its lock has expired (at the next stalled check, every
     * WORKER_STALLED_INTERVAL_MS). Shorter values recover faster from crashes but need a responsive
     * event loop (CPU work runs in threads). Tests and chaos runs set a few seconds.
     */
    WORKER_LOCK_DURATION_MS: positiveInt(30_000),
    WORKER_STALLED_INTERVAL_MS: positiveInt(30_000),
    /**
     * Test hook, refused in production: after claiming its submission a job writes `<dir>/<id>.held` and
     * waits until `<dir>/<id>.release` exists, so a test can stop a worker while a job is surely RUNNING.
     */
    WORKER_TEST_HOLD_DIR: optionalString,
    /** How long the watchdog leaves a never-started QUEUED row to the web server (validating, enqueueing) before queueing it itself. */
    WATCHDOG_GRACE_MS: nonNegativeInt(30_000),
    /** Where files live (lib/object-store): "local" = DATA_DIR on a shared disk, "s3" = an S3-compatible bucket. */
    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    S3_BUCKET: optionalString,
    S3_PREFIX: optionalString,
    /** e.g. http://minio:9000 for MinIO; unset for AWS S3. */
    S3_ENDPOINT: optionalString,
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    /** Path-style URLs (http://host/bucket/key): MinIO and most S3-compatible servers need them. */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** Local copies of S3 objects the worker reads (DATA_DIR/cache), least recently used deleted past this. */
    S3_CACHE_MAX_MB: positiveInt(20 * 1024),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    OIDC_ISSUER: optionalString,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString,
    /**
     * Reverse proxies in front of the app that append to X-Forwarded-For (lib/auth/client-ip.ts). 0: the
     * header is the client's own text and is ignored; the socket address is the client.
     */
    TRUSTED_PROXY_HOPS: nonNegativeInt(0),
    // Brute-force limits for sign-in and sign-up (lib/auth/rate-limit.ts), per window of AUTH_RATE_LIMIT_WINDOW_SECONDS.
    AUTH_RATE_LIMIT_WINDOW_SECONDS: positiveInt(15 * 60),
    AUTH_SIGNIN_MAX_PER_IP: positiveInt(50),
    /** Failed sign-ins to one account from one address before each further attempt waits (1 s, 2 s, 4 s, ...). */
    AUTH_SIGNIN_FREE_FAILURES: positiveInt(5),
    AUTH_SIGNIN_FIRST_BACKOFF_SECONDS: positiveInt(1),
    AUTH_SIGNIN_MAX_BACKOFF_SECONDS: positiveInt(15 * 60),
    /** Ceiling on failed sign-ins to one account from all addresses together, per window. */
    AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(100),
    AUTH_SIGNUP_MAX_PER_IP: positiveInt(20),
    // What an upload may cost (lib/submissions/upload-limits.ts): a compressed file may expand at most
    // UPLOAD_MAX_EXPANSION_RATIO times its size (and never past UPLOAD_MAX_EXPANDED_MB); the web process
    // reads only the first UPLOAD_CHECK_MB of JSON before queueing; no string may exceed UPLOAD_MAX_TOKEN_KB.
    UPLOAD_MAX_EXPANSION_RATIO: positiveInt(50),
    UPLOAD_MAX_EXPANDED_MB: positiveInt(4096),
    UPLOAD_CHECK_MB: positiveInt(8),
    UPLOAD_MAX_TOKEN_KB: positiveInt(1024),
    /** Refused uploads (invalid files, bombs) a team may make per UTC day, all challenges together. */
    REFUSED_UPLOADS_PER_DAY: positiveInt(20),
    // Storage (lib/submissions/storage-cleanup.ts): refused uploads' files are deleted this many days
    // after the upload (0: at the next cleanup); stored files no row references, once older than
    // ORPHAN_FILE_GRACE_HOURS; the cleanup runs every STORAGE_CLEANUP_INTERVAL_MINUTES (a BullMQ job
    // scheduler in the worker). A team's stored uploads may total TEAM_STORAGE_MB.
    REFUSED_UPLOAD_KEEP_DAYS: z.coerce.number({ error: "must be a number" }).min(0, "must be >= 0").default(1),
    ORPHAN_FILE_GRACE_HOURS: positiveInt(24),
    STORAGE_CLEANUP_INTERVAL_MINUTES: positiveInt(60),
    TEAM_STORAGE_MB: positiveInt(5 * 1024),
  })
  .superRefine((v, ctx) => {
    // `next build` loads every route module but serves nothing: an image can be built without secrets.
    if (v.NODE_ENV === "production" && !v.NEXTAUTH_SECRET && v.NEXT_PHASE !== "phase-production-build") {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production (generate one with: openssl rand -base64 32)",
      });
    }
    if (v.NEXTAUTH_SECRET && v.NEXTAUTH_SECRET.length < 16) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "must be at least 16 characters" });
    } else if (v.NEXTAUTH_SECRET && v.NODE_ENV === "production" && v.NEXT_PHASE !== "phase-production-build") {
      const problem = weakSecretProblem(v.NEXTAUTH_SECRET);
      if (problem) ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: problem });
    }
    if (v.WORKER_TEST_HOLD_DIR && v.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["WORKER_TEST_HOLD_DIR"], message: "is a test hook and must not be set in production" });
    }
    if (Boolean(v.GITHUB_ID) !== Boolean(v.GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [v.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"],
        message: "GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET",
      });
    }
    if (v.STORAGE_DRIVER === "s3" && !v.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: 'is required when STORAGE_DRIVER is "s3"' });
    }
    const oidc = [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
      });
    }
  })
  .transform((v) => ({
    ...v,
    NEXTAUTH_SECRET: v.NEXTAUTH_SECRET ?? DEV_NEXTAUTH_SECRET,
    DATA_DIR: path.resolve(v.DATA_DIR),
  }));

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid environment configuration:\n" +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join("\n") +
        "\nSet these variables (see .env.example) and start again.",
    );
    this.name = "ConfigError";
  }
}

/** Validates a raw environment. Exported for tests; application code uses `env`. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "environment"),
      message: issue.code === "invalid_type" ? `is missing or malformed: ${issue.message}` : issue.message,
    })),
  );
}

export const env: Env = parseEnv(process.env);
