// Runs a command to completion and captures its output, for the tests of our command-line tools.
import { spawn } from "node:child_process";

export type ProcessRun = { code: number | null; stdout: string; stderr: string };

/** `stdin` is written and closed when given; without it the child's stdin is not connected at all. */
export function runProcess(command: string, args: string[], opts: { stdin?: string } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  });
}
