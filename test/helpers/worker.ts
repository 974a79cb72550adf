// Runs the real worker process (worker/index.ts) with the test run's environment.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";

export type RunningWorker = {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export function spawnWorker(extraEnv: Record<string, string> = {}): RunningWorker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "worker/index.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts a worker and resolves once it reports ready (rejects with its output if it exits first). */
export async function startWorker(extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningWorker> {
  const worker = spawnWorker(extraEnv);
  const deadline = Date.now() + timeoutMs;
  while (!/ ready: /.test(worker.output())) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited with ${worker.child.exitCode}:\n${worker.output()}`);
    if (Date.now() > deadline) {
      await worker.stop("SIGKILL");
      throw new Error(`worker not ready after ${timeoutMs} ms:\n${worker.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}
