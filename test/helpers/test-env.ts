// Names of the per-run environment that test/global-setup.ts creates and every test process sees.

/** The vitest project that runs without any service (vitest.config.ts). */
export const UNIT_PROJECT = "unit";
export const TEST_ENV = {
  /** Temp folder for this run: the lazily started Next server's lock, pid and URL files live here. */
  runDir: "MB_TEST_RUN_DIR",
  /** pid of the vitest process that owns the run: servers started for it stop when it is gone. */
  ownerPid: "MB_TEST_OWNER_PID",
  /** Set by the developer to reuse (and keep) an existing database instead of a fresh one. */
  externalDatabaseUrl: "MB_TEST_DATABASE_URL",
  /** Set by the developer to test against an already running server (e.g. their own next dev). */
  externalBaseUrl: "MB_BASE_URL",
} as const;

export const SERVER_FILES = {
  lock: "server.lock",
  pid: "server.pid",
  url: "server.url",
  error: "server.error",
  log: "server.log",
} as const;
