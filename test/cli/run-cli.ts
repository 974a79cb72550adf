// Spawns the real eval CLI (the command `npm run eval` runs) and captures its output.
import { runProcess, type ProcessRun } from "../helpers/run-process";

export function runEvalCli(args: string[]): Promise<ProcessRun> {
  return runProcess(process.execPath, ["scripts/eval-cli.mjs", ...args]);
}
