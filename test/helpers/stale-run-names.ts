// Names of test runs carry their start time (UTC, yyyymmddhhmmss): databases `maskboard_test_<ts>_<hex>`,
// Redis keys `mbtest_<ts>_<hex>:...`, run folders `maskboard-test-<ts>_<hex>-XXXXXX` (test/global-setup.ts).
const STALE_AFTER_MS = 6 * 60 * 60_000;
const RUN_NAME = /^(?:maskboard_test_|mbtest_|maskboard-test-)(\d{14})_[0-9a-f]{6}/;

function startedAt(name: string): number | null {
  const m = RUN_NAME.exec(name);
  if (!m) return null;
  const s = m[1];
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14));
}

/** A run older than six hours was killed before its teardown: its leftovers may be removed. */
export function isStaleRunName(name: string, now = Date.now()): boolean {
  const t = startedAt(name);
  return t !== null && now - t > STALE_AFTER_MS;
}
