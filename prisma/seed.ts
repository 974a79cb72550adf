// Demo data for `npm run demo` (npm run db:seed): users, the demo challenge imported from
// prisma/demo/challenge.yaml with its hidden ground truth, two registered teams and a few
// submissions that the worker scores as soon as it starts. Idempotent: a second run adds nothing.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { viewerFromUser, type SignedInViewer } from "@/lib/auth/viewer";
import { importChallengeYamlFile } from "@/lib/challenges/definition-io";
import { createTeam, registerTeamForChallenge } from "@/lib/teams";
import { createSubmission } from "@/lib/submissions/create-submission";

type DemoUser = { email: string; name: string; password: string };

export const DEMO_USERS = {
  organizer: { email: "organizer@demo.maskboard.local", name: "Demo Organizer", password: "maskboard-demo-organizer-1" },
  participant: { email: "participant@demo.maskboard.local", name: "Demo Participant", password: "maskboard-demo-participant-1" },
  rival: { email: "rival@demo.maskboard.local", name: "Demo Rival", password: "maskboard-demo-rival-1" },
} as const satisfies Record<string, DemoUser>;

export const DEMO_CHALLENGE_SLUG = "demo";
export const DEMO_PHASE_SLUGS = ["dev", "test"] as const;
const DEMO_DIR = "prisma/demo";
const DEMO_GROUND_TRUTH = `${DEMO_DIR}/ground-truth.json`;

/** Who submits which results file to every demo phase (the organizer's is a baseline). */
const DEMO_SUBMISSIONS = [
  { by: "organizer", team: null, file: "results-baseline.json", description: "Organizers' baseline" },
  { by: "rival", team: "Rival Lab", file: "results-weak.json", description: "First try" },
  { by: "participant", team: "Demo Team", file: "results-strong.json", description: "Mask head v2" },
] as const;

async function upsertUser(db: PrismaClient, user: DemoUser, canCreateChallenges: boolean): Promise<SignedInViewer> {
  const existing = await db.user.findUnique({ where: { email: user.email } });
  if (existing?.passwordHash && (await verifyPassword(existing.passwordHash, user.password))) return viewerFromUser(existing);
  // Keep the printed credentials true even if someone changed the password in the UI.
  const row = existing
    ? await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(user.password) } })
    : await db.user.create({
        data: {
          email: user.email,
          name: user.name,
          passwordHash: await hashPassword(user.password),
          canCreateChallenges,
          emailVerified: new Date(),
        },
      });
  return viewerFromUser(row);
}

async function ensureRegisteredTeam(db: PrismaClient, owner: SignedInViewer, name: string): Promise<void> {
  const existing = await db.team.findFirst({ where: { name, memberships: { some: { userId: owner.userId, role: "OWNER" } } } });
  const team = existing ?? (await createTeam(owner, { name }));
  await registerTeamForChallenge(owner, DEMO_CHALLENGE_SLUG, team.slug);
}

/** Uploads through the same path as the web form and the API, so the demo exercises the real pipeline. */
async function submitFile(viewer: SignedInViewer, phaseSlug: string, file: string, description: string, baseline: boolean): Promise<void> {
  const form = new FormData();
  form.set("description", description);
  // An organizer's upload is a private test entry unless it asks to be shown as a baseline.
  if (baseline) form.set("baseline", "1");
  form.set("file", new Blob([await readFile(`${DEMO_DIR}/${file}`)], { type: "application/json" }), basename(file));
  const request = new Request("http://demo.invalid/upload", { method: "POST", body: form });
  const created = await createSubmission(viewer, { challengeSlug: DEMO_CHALLENGE_SLUG, phaseSlug }, request);
  if (created.status !== "QUEUED") throw new Error(`demo submission ${file} was refused: ${created.error?.message}`);
}

export async function seedDemo(db: PrismaClient): Promise<{ challengeId: string; organizerId: string; participantId: string }> {
  const organizer = await upsertUser(db, DEMO_USERS.organizer, true);
  const participant = await upsertUser(db, DEMO_USERS.participant, false);
  const rival = await upsertUser(db, DEMO_USERS.rival, false);
  const viewers = { organizer, participant, rival };

  await importChallengeYamlFile(`${DEMO_DIR}/challenge.yaml`, {
    actorId: organizer.userId,
    organizerEmail: organizer.email,
    groundTruths: Object.fromEntries(DEMO_PHASE_SLUGS.map((slug) => [slug, DEMO_GROUND_TRUTH])),
  });
  const challenge = await db.challenge.findUniqueOrThrow({ where: { slug: DEMO_CHALLENGE_SLUG }, include: { phases: true } });

  for (const entry of DEMO_SUBMISSIONS) if (entry.team) await ensureRegisteredTeam(db, viewers[entry.by], entry.team);
  for (const phase of challenge.phases) {
    if ((await db.submission.count({ where: { phaseId: phase.id } })) > 0) continue;
    for (const entry of DEMO_SUBMISSIONS)
      await submitFile(viewers[entry.by], phase.slug, entry.file, entry.description, entry.by === "organizer");
  }
  return { challengeId: challenge.id, organizerId: organizer.userId, participantId: participant.userId };
}

/**
 * Why seeding must not run here, or null. The demo accounts have published passwords: a production
 * site gets them only when its operator asks (SEED_DEMO=1; `npm run demo` does).
 */
export function demoSeedRefusal(environment: Record<string, string | undefined>): string | null {
  if (environment.NODE_ENV !== "production" || environment.SEED_DEMO === "1") return null;
  return "Not seeding demo data: NODE_ENV is production and the demo accounts have published passwords. Set SEED_DEMO=1 to seed anyway.";
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const refusal = demoSeedRefusal(process.env);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  const { prisma } = await import("@/lib/db");
  const { closeQueueConnections } = await import("@/lib/queue");
  try {
    await seedDemo(prisma);
    console.log(`Demo data ready: challenge /c/${DEMO_CHALLENGE_SLUG} with phases ${DEMO_PHASE_SLUGS.join(", ")}.`);
    for (const [role, user] of Object.entries(DEMO_USERS)) console.log(`  ${role.padEnd(11)} ${user.email} / ${user.password}`);
  } finally {
    await prisma.$disconnect();
    // Every queue the seed used (demo submissions go to either queue) and the command connection:
    // one left open and the seed never exits, so `npm run demo` hangs after "Demo data ready".
    await closeQueueConnections();
  }
}
