import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";

describe("lib/db", () => {
  it("talks to the per-run migrated database", async () => {
    const [{ current_database }] = await prisma.$queryRaw<{ current_database: string }[]>`SELECT current_database()`;
    expect(process.env.DATABASE_URL).toContain(current_database);
    const user = await prisma.user.create({ data: { email: `db-test-${Date.now()}@example.test` } });
    expect(await prisma.user.findUnique({ where: { id: user.id } })).toMatchObject({ role: "USER", canCreateChallenges: false });
    await prisma.user.delete({ where: { id: user.id } });
  });

  it("is one client per process", async () => {
    const again = await import("@/lib/db");
    expect(again.prisma).toBe(prisma);
  });
});
