import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/config";

function createPrismaClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
}

// Next dev re-evaluates modules on every edit; reuse one client so connections don't pile up.
const globalForPrisma = globalThis as unknown as { maskboardPrisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.maskboardPrisma ?? createPrismaClient();

if (env.NODE_ENV !== "production") globalForPrisma.maskboardPrisma = prisma;
