// The build folder the run's Next server serves. Action ids differ between builds, and other engineers
// may have changed the tree since the server started, so ensureTestBuild() (the current sources) can
// name another build: read NEXT_DIST_DIR from the environment of the process test/helpers/server.ts spawned.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ensureTestBuild } from "../../scripts/lib/next-build";
import { SERVER_FILES, TEST_ENV } from "../helpers/test-env";

const REPO = path.resolve(__dirname, "../..");

function runningDistDir(): string | null {
  try {
    const pid = readFileSync(path.join(process.env[TEST_ENV.runDir] ?? "", SERVER_FILES.pid), "utf8").trim();
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return environ.find((e) => e.startsWith("NEXT_DIST_DIR="))?.slice("NEXT_DIST_DIR=".length) ?? null;
  } catch {
    return null;
  }
}

/** Absolute path of the served build (call after getBaseUrl()). */
export async function servedDistDir(): Promise<string> {
  return path.resolve(REPO, runningDistDir() ?? (await ensureTestBuild()));
}
