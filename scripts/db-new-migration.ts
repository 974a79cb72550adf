// `prisma migrate dev --create-only` without the native engine: writes a migration folder with the
// SQL taking the existing migrations to schema.prisma (replayed in a temporary shadow database).
import { mkdir, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config";
import {
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  MIGRATION_FILE,
  MIGRATIONS_DIR,
  diffMigrationsToSchema,
  migrationFolderName,
} from "./lib/schema-engine";

const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   (e.g. npm run db:new-migration -- add_team_logo)");
  process.exit(2);
}
const folder = migrationFolderName(name);
const sql = await diffMigrationsToSchema(env.DATABASE_URL);
if (!sql) {
  console.log("prisma/migrations already matches prisma/schema.prisma: nothing to write.");
} else {
  await mkdir(path.join(MIGRATIONS_DIR, folder), { recursive: true });
  await writeFile(path.join(MIGRATIONS_DIR, folder, MIGRATION_FILE), sql);
  const lockfile = path.join(MIGRATIONS_DIR, LOCKFILE_NAME);
  if (
    !(await access(lockfile).then(
      () => true,
      () => false,
    ))
  )
    await writeFile(lockfile, LOCKFILE_CONTENT);
  console.log(`Wrote prisma/migrations/${folder}/${MIGRATION_FILE}. Review it, then: npm run db:migrate`);
}
