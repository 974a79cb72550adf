import { describe, expect, it } from "vitest";
import { isStaleRunName } from "../helpers/stale-run-names";

describe("sweeping abandoned test runs", () => {
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);
  it("recognises run databases and Redis keys older than six hours", () => {
    expect(isStaleRunName("maskboard_test_20261126050000_abc123", now)).toBe(true);
    expect(isStaleRunName("mbtest_20261126050000_abc123:evaluations:1", now)).toBe(true);
    expect(isStaleRunName("maskboard-test-20261126050000_abc123-Xy12Zq", now)).toBe(true);
  });
  it("leaves recent runs and anything else alone", () => {
    expect(isStaleRunName("maskboard_test_20261126110000_abc123", now)).toBe(false);
    expect(isStaleRunName("maskboard-test-20261126110000_abc123-Xy12Zq", now)).toBe(false);
    expect(isStaleRunName("maskboard_test_migrations_1a2b3c4d", now)).toBe(false);
    expect(isStaleRunName("maskboard", now)).toBe(false);
    expect(isStaleRunName("mbdemo_20261126050000_abc123", now)).toBe(false);
  });
});
