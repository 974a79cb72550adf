// CLI for scripts/demo.sh and .ci/run: exits non-zero with install instructions when Postgres or
// Redis cannot be reached or started.
import { env } from "@/lib/config";
import { ensureServices } from "./lib/services";

try {
  await ensureServices(env.DATABASE_URL, env.REDIS_URL);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
