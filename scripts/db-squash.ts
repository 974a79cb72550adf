// Bootstrap-period tool (nothing has shipped yet): replaces prisma/migrations with a single
// 0001_init migration that creates schema.prisma from an empty database.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config";
import { LOCKFILE_CONTENT, LOCKFILE_NAME, MIGRATION_FILE, MIGRATIONS_DIR, diffEmptyToSchema } from "./lib/schema-engine";

const INIT_NAME = "0001_init";

const sql = await diffEmptyToSchema(env.DATABASE_URL);
if (!sql) throw new Error("schema.prisma describes no tables; refusing to write an empty init migration.");
await rm(MIGRATIONS_DIR, { recursive: true, force: true });
await mkdir(path.join(MIGRATIONS_DIR, INIT_NAME), { recursive: true });
await writeFile(path.join(MIGRATIONS_DIR, INIT_NAME, MIGRATION_FILE), sql);
await writeFile(path.join(MIGRATIONS_DIR, LOCKFILE_NAME), LOCKFILE_CONTENT);
console.log(
  `Wrote prisma/migrations/${INIT_NAME}/${MIGRATION_FILE} (${sql.split("\n").length} lines). Existing databases need recreating: drop them, then npm run db:migrate.`,
);
