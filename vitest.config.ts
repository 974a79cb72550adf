import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { fileURLToPath } from "node:url";

const fromRoot = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Which project a test file belongs to is decided by its name alone (see test/README.md):
//   *.unit.test.ts  unit         no Postgres, no Redis, no server, no browser
//   *.http.test.ts  http         the built app behind `next start` (plus Postgres/Redis)
//   *.e2e.test.ts   e2e          Chromium against the built app
//   *.test.ts       integration  everything else: Postgres and Redis
const UNIT = "test/**/*.unit.test.ts";
const HTTP = "test/**/*.http.test.ts";
const E2E = "test/**/*.e2e.test.ts";

// Closed ports: a unit test that reaches for a service fails at once, even on a machine that has them.
const NO_SERVICES = {
  DATABASE_URL: "postgresql://unit-tests-have-no-database@127.0.0.1:1/none",
  REDIS_URL: "redis://127.0.0.1:1",
};

const project = (name: string, include: string[], extra: TestProjectInlineConfiguration["test"] = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, include, globalSetup: ["test/global-setup.ts"], ...extra },
});

export default defineConfig({
  resolve: {
    alias: {
      "@": fromRoot("./"),
      // Tests run server code directly; "server-only" must resolve to its empty react-server build.
      "server-only": fromRoot("./node_modules/server-only/empty.js"),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    // 2 shared cores: more workers only add contention.
    maxWorkers: 2,
    projects: [
      project("unit", [UNIT], { env: NO_SERVICES }),
      project("integration", ["test/**/*.test.ts"], { exclude: [UNIT, HTTP, E2E, "**/node_modules/**"] }),
      project("http", [HTTP]),
      project("e2e", [E2E]),
    ],
  },
});
