// A second `next start` of the run's build with its own settings (the shared server of
// test/helpers/server.ts runs with the test defaults): for rules that depend on configuration,
// such as trusting no proxy (the production default) or an https site URL. Stop it in afterAll.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";
import { ensureTestBuild } from "../../scripts/lib/next-build";
import { TEST_ENV } from "../helpers/test-env";

export type OwnServer = { url: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startOwnServer(env: Record<string, string | undefined>, name: string): Promise<OwnServer> {
  const distDir = await ensureTestBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(process.env[TEST_ENV.runDir] ?? REPO_ROOT, `own-server-${name}-${port}.log`);
  const log = openSync(logFile, "a");
  const ownerPid = process.env[TEST_ENV.ownerPid] ?? String(process.ppid);
  const next = [process.execPath, path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "test/helpers/server-guard.mjs"), ownerPid, ...next], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1", ...env },
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise<string>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)));
  let gone: string | null = null;
  void exited.then((why) => (gone = why));
  const stop = async () => {
    if (gone) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    await exited;
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !gone) {
    const up = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
      () => true,
      () => false,
    );
    if (up) return { url, stop };
    await Promise.race([exited, new Promise((r) => setTimeout(r, 300))]);
  }
  await stop();
  const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-30).join("\n");
  throw new Error(`next start (${distDir}, ${name}) did not answer at ${url} (${gone ?? "timeout"}):\n${tail}`);
}
