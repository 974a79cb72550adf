// Reads the metrics reference kit (test/fixtures/reference/metrics: LVIS, Boundary AP, TIDE).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { REFERENCE_DIR } from "../../helpers/reference-kit";
import { readJson } from "../fixture-cases";

export const METRICS_DIR = path.join(REFERENCE_DIR, "metrics");
/** Every number of the kit is compared with this absolute tolerance (its README). */
export const TOLERANCE = 1e-12;

export interface MetricsCase<E> {
  name: string;
  dir: string;
  expected: E & { gt: string; dt: string };
  gtPath: string;
  dtPath: string;
  debug: unknown;
}

export function listCases<E>(family: "boundary" | "lvis" | "tide"): MetricsCase<E>[] {
  const root = path.join(METRICS_DIR, family);
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, "expected.json")))
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const expected = readJson<E & { gt: string; dt: string }>(path.join(dir, "expected.json"));
      const debugPath = path.join(dir, "debug.json");
      return {
        name,
        dir,
        expected,
        gtPath: path.resolve(dir, expected.gt),
        dtPath: path.resolve(dir, expected.dt),
        debug: existsSync(debugPath) ? readJson(debugPath) : null,
      };
    });
}

/** |actual - expected| <= 1e-12 for each number, -1 (undefined) only where the reference has -1. */
export function expectClose(actual: number, expected: number, what: string): void {
  if (expected === -1 || actual === -1) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}
