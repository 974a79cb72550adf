import "server-only";
import { Queue } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/config";
import { AppError } from "@/lib/errors";

export const EVALUATIONS_QUEUE = "evaluations";
/** Files of at least LARGE_JOB_MIN_MB, served by their own worker slots (lib/scheduling/policy.ts). */
export const LARGE_EVALUATIONS_QUEUE = "evaluations-large";
export type EvaluationQueueName = typeof EVALUATIONS_QUEUE | typeof LARGE_EVALUATIONS_QUEUE;
export const EVALUATION_QUEUES: readonly EvaluationQueueName[] = [EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE];

/** What the web app enqueues; the worker (worker/evaluate-job.ts) loads everything else from the DB. */
export type EvaluationJobData = { submissionId: string };

/**
 * BullMQ requires maxRetriesPerRequest: null on the connections it blocks on. `name` says which
 * connection a log line is about: an outage is logged once when it starts and once when it ends.
 */
export function createRedisConnection(options: RedisOptions = {}, name = "redis"): Redis {
  const client = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, ...options });
  logStateChanges(client, name);
  return client;
}

/**
 * One log line per state change (unavailable, back) instead of ioredis's "Unhandled error event"
 * for every reconnect attempt; a connection with no 'error' listener would print each one.
 */
function logStateChanges(client: Redis, name: string): void {
  let down = false;
  client.on("error", (err: Error) => {
    if (down) return;
    down = true;
    console.error(`redis (${name}): unavailable, reconnecting in the background: ${err.message}`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    console.log(`redis (${name}): connected again`);
  });
}

/** Redis's maxmemory-policy as INFO memory reports it (CONFIG may be disabled on hosted Redis), or null when it does not say. */
export async function redisEvictionPolicy(redis: Redis): Promise<string | null> {
  const info = await redis.info("memory");
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
}

/**
 * Why a Redis with this maxmemory-policy may lose jobs, or null. Any policy but noeviction deletes
 * keys under memory pressure, BullMQ's jobs among them (issue 16: 94 of 200 jobs evicted under
 * allkeys-lru). BullMQ needs noeviction; the worker refuses to start without it.
 */
export function evictionPolicyProblem(policy: string | null): string | null {
  if (policy === null || policy === "noeviction") return null;
  return (
    `Redis's maxmemory-policy is "${policy}": under memory pressure it deletes keys, queued evaluation jobs among them. ` +
    `Set it to noeviction: redis-cli CONFIG SET maxmemory-policy noeviction (and "maxmemory-policy noeviction" in redis.conf, so that it stays after a restart).`
  );
}

/**
 * The longest a request waits for Redis to take a job before leaving the enqueue to the watchdog
 * (Redis hanging, not refusing: a refused connection fails the enqueue at once, see queueDown).
 * Generous because a cold queue (connect, version check, script load) on a busy machine takes seconds.
 */
export const ENQUEUE_TIMEOUT_MS = 10_000;

/** 503: Redis did not take a job (it is down or overloaded). */
export class QueueUnavailableError extends AppError {
  constructor(what: string, cause?: unknown) {
    super({
      status: 503,
      code: "queue_unavailable",
      message: `The job queue is unavailable (${what}); try again in a minute.`,
      retryAfterSeconds: 30,
      cause,
    });
  }
}

// The queues' connections report here when Redis refuses them (cleared once one is ready again), so
// a waiting enqueue fails at once instead of waiting for ioredis to give up.
let queueDown: Error | null = null;
const queueDownWaiters = new Set<(err: Error) => void>();

/**
 * `promise`, or QueueUnavailableError as soon as the queue's connection is known to be down, or once
 * `ms` have passed (the promise is then left to settle on its own).
 */
export function withQueueDeadline<T>(promise: Promise<T>, what: string, ms = ENQUEUE_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (err: QueueUnavailableError) => {
      cleanup();
      reject(err);
    };
    const onDown = (err: Error) => fail(new QueueUnavailableError(`Redis is unreachable: ${err.message}`, err));
    const timer = setTimeout(() => fail(new QueueUnavailableError(`${what} took over ${ms} ms`)), ms);
    const cleanup = () => {
      clearTimeout(timer);
      queueDownWaiters.delete(onDown);
    };
    queueDownWaiters.add(onDown);
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
    if (queueDown) onDown(queueDown);
  });
}

/**
 * The queues' own connection (adding and inspecting jobs; never a worker's blocking one): a command
 * fails at once while Redis is away instead of waiting in ioredis's offline queue for as long as
 * the outage lasts, so an upload is answered and the watchdog enqueues later.
 */
function createQueueConnection(): Redis {
  const client = createRedisConnection({ maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 }, "queue");
  client.on("error", (err: Error) => {
    queueDown = err;
    for (const waiter of [...queueDownWaiters]) waiter(err);
  });
  client.on("ready", () => (queueDown = null));
  return client;
}

// Reused across Next dev reloads so each edit doesn't leak a Redis connection.
const globalForQueue = globalThis as unknown as {
  maskboardEvaluationsQueue?: Queue<EvaluationJobData>;
  maskboardRedis?: Redis;
};

export function getEvaluationsQueue(): Queue<EvaluationJobData> {
  if (!globalForQueue.maskboardEvaluationsQueue) {
    const queue = new Queue<EvaluationJobData>(EVALUATIONS_QUEUE, {
      connection: createQueueConnection(),
      prefix: env.BULLMQ_PREFIX,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
    });
    queue.on("error", () => undefined); // the connection logs outages (logStateChanges)
    globalForQueue.maskboardEvaluationsQueue = queue;
  }
  return globalForQueue.maskboardEvaluationsQueue;
}

/** A shared connection for plain commands (health checks, heartbeats, rate limits). */
export function getRedis(): Redis {
  // A command fails after one reconnect attempt instead of waiting forever while Redis is down.
  globalForQueue.maskboardRedis ??= createRedisConnection({ maxRetriesPerRequest: 1, connectTimeout: 3_000 }, "commands");
  return globalForQueue.maskboardRedis;
}

// ------------------------------------------------------------------ worker heartbeats
// Each worker process refreshes its own TTL'd key; a key that expires means the worker is gone.

export const WORKER_HEARTBEAT_INTERVAL_MS = 5_000;
export const WORKER_HEARTBEAT_TTL_SECONDS = 20;

export type WorkerHeartbeat = {
  workerId: string;
  pid: number;
  hostname: string;
  /** Slots of the main queue (kept for readers of older heartbeats). */
  concurrency: number;
  /** Slots per queue this worker serves (lib/scheduling): what queue position estimates divide by. */
  queues?: Record<string, number>;
  /** The jobs running now: id, queue, since (ISO). */
  running?: { id: string; queue: string; since: string }[];
  /** Resident memory of the process, MiB. */
  rssMiB?: number;
  startedAt: string;
  at: string;
};

export function workerHeartbeatKey(workerId: string): string {
  return `${env.BULLMQ_PREFIX}:worker-heartbeat:${workerId}`;
}

export function workerHeartbeatPattern(): string {
  return `${env.BULLMQ_PREFIX}:worker-heartbeat:*`;
}

export async function writeWorkerHeartbeat(redis: Redis, beat: WorkerHeartbeat): Promise<void> {
  await redis.set(workerHeartbeatKey(beat.workerId), JSON.stringify(beat), "EX", WORKER_HEARTBEAT_TTL_SECONDS);
}

export async function clearWorkerHeartbeat(redis: Redis, workerId: string): Promise<void> {
  await redis.del(workerHeartbeatKey(workerId));
}

/** Workers whose heartbeat has not expired. */
export async function listLiveWorkers(redis: Redis): Promise<WorkerHeartbeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", workerHeartbeatPattern(), "COUNT", 100);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((v) => (v ? [JSON.parse(v) as WorkerHeartbeat] : []));
}

// ------------------------------------------------------------------ live counts

/** The evaluation queue as BullMQ sees it (all challenges): jobs by state. */
export type QueueCounts = { waiting: number; active: number; delayed: number; failed: number };

const QUEUE_COUNTS_TIMEOUT_MS = 2_000;

/**
 * Live job counts of the evaluations queue, or null when Redis does not answer within 2 s (a page
 * showing them still renders). Prioritized jobs wait too: they count as waiting.
 */
export async function getQueueCounts(queue: Queue = getEvaluationsQueue()): Promise<QueueCounts | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), QUEUE_COUNTS_TIMEOUT_MS);
  });
  try {
    const counts = await Promise.race([queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed"), timeout]);
    if (!counts) return null;
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------ the large-job queue

const globalForLargeQueue = globalThis as unknown as { maskboardLargeEvaluationsQueue?: Queue<EvaluationJobData> };

/** The queue of files of at least LARGE_JOB_MIN_MB: served by its own worker slots. */
export function getLargeEvaluationsQueue(): Queue<EvaluationJobData> {
  if (!globalForLargeQueue.maskboardLargeEvaluationsQueue) {
    // Same connection settings as the main queue's (getEvaluationsQueue).
    const queue = new Queue<EvaluationJobData>(LARGE_EVALUATIONS_QUEUE, {
      connection: createQueueConnection(),
      prefix: env.BULLMQ_PREFIX,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
    });
    queue.on("error", () => undefined); // the connection logs outages (logStateChanges)
    globalForLargeQueue.maskboardLargeEvaluationsQueue = queue;
  }
  return globalForLargeQueue.maskboardLargeEvaluationsQueue;
}

export function getQueueByName(name: EvaluationQueueName): Queue<EvaluationJobData> {
  return name === EVALUATIONS_QUEUE ? getEvaluationsQueue() : getLargeEvaluationsQueue();
}

export function allEvaluationQueues(): Queue<EvaluationJobData>[] {
  return EVALUATION_QUEUES.map(getQueueByName);
}

/**
 * Closes the queues this process opened and their connections (and the shared command connection),
 * so a short-lived script (the seed, admin commands) can exit: BullMQ leaves open a connection it
 * was handed. Queues that were never used are not created just to be closed.
 */
export async function closeQueueConnections(): Promise<void> {
  const queues = [globalForQueue.maskboardEvaluationsQueue, globalForLargeQueue.maskboardLargeEvaluationsQueue].filter(
    (q): q is Queue<EvaluationJobData> => q !== undefined,
  );
  globalForQueue.maskboardEvaluationsQueue = undefined;
  globalForLargeQueue.maskboardLargeEvaluationsQueue = undefined;
  for (const queue of queues) {
    await queue.close();
    (queue.opts.connection as { disconnect?: () => void }).disconnect?.();
  }
  globalForQueue.maskboardRedis?.disconnect();
  globalForQueue.maskboardRedis = undefined;
}
