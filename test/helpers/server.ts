// The real Next server for HTTP-level tests. Call getBaseUrl() in beforeAll with
// SERVER_STARTUP_TIMEOUT_MS (the first call of a run may have to build the app):
//
//   let baseUrl: string;
//   beforeAll(async () => { baseUrl = await getBaseUrl(); }, SERVER_STARTUP_TIMEOUT_MS);
//
// With MB_BASE_URL set, that server is used as is (see test/README.md). Otherwise one `next start`
// per test run is started on first use, shared by all test files of the run (a lock in the run's
// temp dir elects the starter), talks to the run's database/Redis prefix/DATA_DIR, and is stopped
// by the global teardown.
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";
import { ensureTestBuild } from "../../scripts/lib/next-build";
import { SERVER_FILES, TEST_ENV } from "./test-env";

export const SERVER_STARTUP_TIMEOUT_MS = 20 * 60_000;
const READY_TIMEOUT_MS = 90_000;

let cached: Promise<string> | undefined;

export function getBaseUrl(): Promise<string> {
  const external = process.env[TEST_ENV.externalBaseUrl];
  if (external) return Promise.resolve(external.replace(/\/+$/, ""));
  cached ??= sharedServerUrl();
  return cached;
}

function runDir(): string {
  const dir = process.env[TEST_ENV.runDir];
  if (!dir) throw new Error(`${TEST_ENV.runDir} is not set: run tests through vitest (npm test), whose global setup creates it.`);
  return dir;
}

async function sharedServerUrl(): Promise<string> {
  const dir = runDir();
  const file = (name: string) => path.join(dir, name);
  try {
    await mkdir(file(SERVER_FILES.lock));
  } catch {
    return waitForUrl(dir);
  }
  try {
    const url = await startServer(dir);
    await writeFile(file(SERVER_FILES.url), url);
    return url;
  } catch (err) {
    await writeFile(file(SERVER_FILES.error), err instanceof Error ? err.message : String(err));
    throw err;
  }
}

async function waitForUrl(dir: string): Promise<string> {
  const deadline = Date.now() + SERVER_STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const url = await readFile(path.join(dir, SERVER_FILES.url), "utf8").catch(() => "");
    if (url) return url;
    const error = await readFile(path.join(dir, SERVER_FILES.error), "utf8").catch(() => "");
    if (error) throw new Error(`The test server failed to start (in another test file):\n${error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("Timed out waiting for the test server started by another test file.");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(dir: string): Promise<string> {
  const distDir = await ensureTestBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, SERVER_FILES.log);
  const log = openSync(logFile, "a");
  const nextStart = [
    process.execPath,
    path.join(REPO_ROOT, "node_modules/next/dist/bin/next"),
    "start",
    "-p",
    String(port),
    "-H",
    "127.0.0.1",
  ];
  const ownerPid = process.env[TEST_ENV.ownerPid] ?? String(process.ppid);
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "test/helpers/server-guard.mjs"), ownerPid, ...nextStart], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      NEXTAUTH_URL: url,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      // Tests stand in for a reverse proxy: each sends the client address it wants in X-Forwarded-For.
      TRUSTED_PROXY_HOPS: "1",
      // A first sign-in backoff that a loaded machine cannot outwait between two requests of a test.
      AUTH_SIGNIN_FIRST_BACKOFF_SECONDS: "120",
    },
    // Its own process group, so the global teardown can stop it (and anything it spawned) after
    // this test process has exited.
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  child.unref();
  await writeFile(path.join(dir, SERVER_FILES.pid), String(child.pid));

  let exited: string | null = null;
  child.on("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) break;
    const answered = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
      () => true,
      () => false,
    );
    if (answered) return url;
    await new Promise((r) => setTimeout(r, 300));
  }
  const logText = existsSync(logFile) ? (await readFile(logFile, "utf8")).split("\n").slice(-40).join("\n") : "";
  throw new Error(`next start (${distDir}) did not answer at ${url} (${exited ?? "timeout"}). Log ${logFile}:\n${logText}`);
}
