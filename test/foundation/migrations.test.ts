import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  applyMigrations,
  diffMigrationsToSchema,
  dropDatabase,
  migrationFolderName,
  pgConfigFromUrl,
  readMigrationsList,
} from "../../scripts/lib/schema-engine";

// A database of its own (not the run's shared one): this test starts from nothing.
const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/maskboard_test_migrations_${randomBytes(4).toString("hex")}`;
  return url.toString();
})();

afterAll(async () => {
  await dropDatabase(databaseUrl);
});

function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

describe("prisma/migrations with the wasm schema engine", () => {
  it("creates a missing database and applies every migration, reaching every model", async () => {
    const first = await applyMigrations(databaseUrl);
    const folders = (await readMigrationsList()).migrationDirectories.map((d) => d.path);
    expect(first.created).toBe(true);
    expect(first.applied).toEqual(folders);

    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      const models = Object.values(Prisma.ModelName);
      expect(models.length).toBeGreaterThan(10);
      for (const model of models) {
        const delegate = (prisma as unknown as Record<string, { count(): Promise<number> }>)[delegateName(model)];
        await expect(delegate.count(), `model ${model}`).resolves.toBe(0);
      }
    } finally {
      await prisma.$disconnect();
    }
  });

  it("records migrations exactly like prisma migrate deploy (sha256 checksum, finished, one step)", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
      );
      const list = await readMigrationsList();
      expect(rows.map((r) => r.migration_name)).toEqual(list.migrationDirectories.map((d) => d.path));
      for (const row of rows) {
        const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    } finally {
      await client.end();
    }
  });

  it("is a no-op when run again", async () => {
    const again = await applyMigrations(databaseUrl);
    expect(again).toEqual({ created: false, applied: [] });
  });

  it("has a migrations folder that matches schema.prisma (run npm run db:new-migration -- <name> if not)", async () => {
    expect(await diffMigrationsToSchema(databaseUrl)).toBe("");
  });

  it("detects a schema change the migrations lack, without leaving a shadow database behind", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "maskboard-schema-"));
    try {
      const schemaPath = path.join(dir, "schema.prisma");
      const schema = await readFile(SCHEMA_PATH, "utf8");
      await writeFile(schemaPath, `${schema}\nmodel MigrationProbe {\n  id Int @id\n}\n`);
      const sql = await diffMigrationsToSchema(databaseUrl, MIGRATIONS_DIR, schemaPath);
      expect(sql).toContain('CREATE TABLE "MigrationProbe"');

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'maskboard_shadow_%'");
      await client.end();
      expect(rows).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names new migration folders like Prisma does", () => {
    expect(migrationFolderName("Add team logo", new Date("2026-01-02T03:04:05Z"))).toBe("20260102030405_add_team_logo");
    expect(() => migrationFolderName("--")).toThrow(/no letters or digits/);
  });
});

describe("database URLs", () => {
  it("become a pg config without connectionString (so a shadow database name can override it)", () => {
    expect(pgConfigFromUrl("postgresql://me:p%40ss@db.example:6543/app?sslmode=require")).toEqual({
      host: "db.example",
      port: 6543,
      user: "me",
      password: "p@ss",
      database: "app",
      ssl: true,
    });
    expect(pgConfigFromUrl("postgresql://postgres@127.0.0.1/x")).toMatchObject({ host: "127.0.0.1", port: undefined, password: undefined });
    expect(() => pgConfigFromUrl("not a url")).toThrow(/not a URL; expected postgresql:\/\//);
  });
});
