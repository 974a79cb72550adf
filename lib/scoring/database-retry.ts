import { isDatabaseUnavailable } from "@/lib/errors";

/** How long the worker keeps a computed result and retries writing it while the database is away. */
export const SCORE_WRITE_RETRY_BUDGET_MS = 120_000;
/** How long a job retries claiming its submission before it is postponed (not counted as an attempt). */
export const CLAIM_RETRY_BUDGET_MS = 10_000;

export type DatabaseRetry = { budgetMs: number; firstDelayMs?: number; maxDelayMs?: number };

/**
 * Runs `write`, and again with exponential backoff (0.25 s, 0.5 s, ... at most 5 s between tries)
 * for as long as it fails because PostgreSQL is down or restarting and `budgetMs` allows. Any other
 * error, or the outage outlasting the budget, is thrown as is. `write` must be safe to repeat
 * (conditional updates, one transaction).
 */
export async function retryWhileDatabaseUnavailable<T>(what: string, write: () => Promise<T>, opts: DatabaseRetry): Promise<T> {
  const deadline = Date.now() + opts.budgetMs;
  let delayMs = opts.firstDelayMs ?? 250;
  for (let tries = 1; ; tries++) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + delayMs > deadline) throw err;
      if (tries === 1) console.error(`${what}: the database is unavailable; retrying for up to ${Math.round(opts.budgetMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, opts.maxDelayMs ?? 5_000);
    }
  }
}
