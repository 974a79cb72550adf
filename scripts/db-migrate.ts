// `prisma migrate deploy` without the native engine: creates the database when missing and applies
// pending migrations from prisma/migrations, recording them in _prisma_migrations.
import { env } from "@/lib/config";
import { applyMigrations, databaseNameOf, redact } from "./lib/schema-engine";

const started = performance.now();
try {
  const { created, applied } = await applyMigrations(env.DATABASE_URL);
  const db = databaseNameOf(env.DATABASE_URL);
  if (created) console.log(`Created database "${db}".`);
  const ms = Math.round(performance.now() - started);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to "${db}" in ${ms} ms: ${applied.join(", ")}`
      : `Database "${db}" is up to date (no pending migrations).`,
  );
} catch (err) {
  console.error(`db:migrate failed for ${redact(env.DATABASE_URL)}:\n${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
