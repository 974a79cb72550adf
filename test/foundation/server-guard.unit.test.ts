import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";

const GUARD = path.join(REPO_ROOT, "test/helpers/server-guard.mjs");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("test server guard", () => {
  it("stops the server when the owning test run disappears (no orphans after a killed run)", async () => {
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    const server = "console.log('ready'); setTimeout(() => {}, 60_000)";
    const guard = spawn(process.execPath, [GUARD, String(owner.pid), process.execPath, "-e", server]);
    const guardExit = new Promise<number | null>((resolve) => guard.on("exit", resolve));
    // The guard watches its owner from before it starts the server: once the server speaks, it is on duty.
    await new Promise((resolve) => guard.stdout.on("data", (d) => String(d).includes("ready") && resolve(null)));
    expect(alive(guard.pid!)).toBe(true);

    owner.kill("SIGKILL");
    const started = Date.now();
    expect(await guardExit).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("passes SIGTERM on to the server", async () => {
    const server = "process.on('SIGTERM', () => process.exit(7)); console.log('ready'); setInterval(() => {}, 1000)";
    const guard = spawn(process.execPath, [GUARD, String(process.pid), process.execPath, "-e", server]);
    await new Promise((resolve) => guard.stdout.on("data", (d) => String(d).includes("ready") && resolve(null)));
    guard.kill("SIGTERM");
    expect(await new Promise((resolve) => guard.on("exit", resolve))).toBe(7);
  });
});
