// `npm test`: ensures Postgres/Redis are up and the Prisma client exists, then runs vitest with
// any extra arguments (npm test -- test/lib; npm test -- --project http). Each run gets its own
// database: see test/global-setup.ts. `npm run test:unit` needs no service and skips this script.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config";
import { REPO_ROOT } from "./lib/schema-engine";
import { ensureServices } from "./lib/services";

try {
  await ensureServices(env.DATABASE_URL, env.REDIS_URL);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

if (!existsSync(path.join(REPO_ROOT, "lib/generated/prisma/client.ts"))) {
  console.log("Prisma client missing: generating it...");
  const gen = spawnSync("npm", ["run", "db:generate"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
}

const vitest = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs"), "run", ...process.argv.slice(2)], {
  cwd: REPO_ROOT,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => vitest.kill(signal));
vitest.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
