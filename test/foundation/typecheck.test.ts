import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";

// Builds for tests and the demo skip Next's type check (MB_SKIP_TYPECHECK); this is where the
// whole tree, tests included, is type-checked once per `npm test`.
describe("TypeScript", () => {
  it("type-checks the whole project (tsc --noEmit)", () => {
    const tsc = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json", "--incremental", "false"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 300_000,
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 320_000);
});
