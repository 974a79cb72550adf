// Demo data for `npm run demo` (npm run db:seed). Idempotent: running it again changes nothing that
// exists. The demo challenge's ground truth and evaluation config are wired in separately.
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";

export const DEMO_USERS = {
  organizer: { email: "organizer@demo.maskboard.local", name: "Demo Organizer", password: "maskboard-demo-organizer-1" },
  participant: { email: "participant@demo.maskboard.local", name: "Demo Participant", password: "maskboard-demo-participant-1" },
} as const;

export const DEMO_CHALLENGE_SLUG = "demo";
export const DEMO_PHASE_SLUG = "test";

async function upsertUser(db: PrismaClient, user: { email: string; name: string; password: string }, canCreateChallenges: boolean) {
  const existing = await db.user.findUnique({ where: { email: user.email } });
  if (existing) {
    // Keep the printed credentials true even if someone changed the password in the UI.
    if (existing.passwordHash && (await verifyPassword(existing.passwordHash, user.password))) return existing;
    return db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(user.password) } });
  }
  return db.user.create({
    data: { email: user.email, name: user.name, passwordHash: await hashPassword(user.password), canCreateChallenges, emailVerified: new Date() },
  });
}

export async function seedDemo(db: PrismaClient): Promise<{ challengeId: string; phaseId: string; organizerId: string; participantId: string }> {
  const organizer = await upsertUser(db, DEMO_USERS.organizer, true);
  const participant = await upsertUser(db, DEMO_USERS.participant, false);

  const challenge =
    (await db.challenge.findUnique({ where: { slug: DEMO_CHALLENGE_SLUG } })) ??
    (await db.challenge.create({
      data: {
        slug: DEMO_CHALLENGE_SLUG,
        title: "DEMO: instance segmentation",
        summary: "A demo challenge: upload COCO-format instance segmentation results and see them scored with mask mAP.",
        description: "This challenge was created by `npm run demo`. Submit a COCO results JSON file to the **test** phase.",
        status: "PUBLISHED",
      },
    }));
  await db.challengeOrganizer.upsert({
    where: { challengeId_userId: { challengeId: challenge.id, userId: organizer.id } },
    create: { challengeId: challenge.id, userId: organizer.id },
    update: {},
  });

  const now = Date.now();
  const phase =
    (await db.phase.findUnique({ where: { challengeId_slug: { challengeId: challenge.id, slug: DEMO_PHASE_SLUG } } })) ??
    (await db.phase.create({
      data: {
        challengeId: challenge.id,
        slug: DEMO_PHASE_SLUG,
        name: "Test",
        startsAt: new Date(now - 24 * 3600_000),
        endsAt: new Date(now + 365 * 24 * 3600_000),
      },
    }));

  return { challengeId: challenge.id, phaseId: phase.id, organizerId: organizer.id, participantId: participant.id };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { prisma } = await import("@/lib/db");
  try {
    await seedDemo(prisma);
    console.log(`Demo data ready: challenge "/c/${DEMO_CHALLENGE_SLUG}", phase "${DEMO_PHASE_SLUG}".`);
    console.log(`  organizer:   ${DEMO_USERS.organizer.email} / ${DEMO_USERS.organizer.password}`);
    console.log(`  participant: ${DEMO_USERS.participant.email} / ${DEMO_USERS.participant.password}`);
  } finally {
    await prisma.$disconnect();
  }
}
