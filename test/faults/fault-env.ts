// Where fault tests keep their private servers' files: under the test run's folder.
import path from "node:path";
import { TEST_ENV } from "../helpers/test-env";

export function faultDir(name: string): string {
  const runDir = process.env[TEST_ENV.runDir];
  if (!runDir) throw new Error(`${TEST_ENV.runDir} is not set: run tests through vitest (npm test).`);
  return path.join(runDir, "faults", name);
}
