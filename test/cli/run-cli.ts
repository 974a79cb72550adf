// Spawns the real eval CLI (the command `npm run eval` runs) and captures its output.
import { spawn } from "node:child_process";

export type CliRun = { code: number | null; stdout: string; stderr: string };

export function runEvalCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/eval-cli.mjs", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
