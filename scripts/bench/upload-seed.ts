// Seeds one bench phase (own organizer, team and API token) with a ground truth, through the same
// lib code the app uses. Imported after the bench has set the environment.
import { createReadStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { createApiToken } from "@/lib/auth/tokens";

export async function seedBenchPhase(gtPath: string, name: string) {
  const suffix = `${name}-${randomBytes(4).toString("hex")}`;
  const organizer = await prisma.user.create({ data: { email: `bench-org-${suffix}@example.test` } });
  const member = await prisma.user.create({ data: { email: `bench-${suffix}@example.test` } });
  const team = await prisma.team.create({
    data: { slug: `bench-${suffix}`, name: `Bench ${suffix}`, memberships: { create: { userId: member.id, role: "OWNER" } } },
  });
  const day = 24 * 3600_000;
  const challenge = await prisma.challenge.create({
    data: {
      slug: `bench-${suffix}`,
      title: `Upload bench ${suffix}`,
      status: "PUBLISHED",
      organizers: { create: { userId: organizer.id } },
      phases: {
        create: {
          slug: "test",
          name: "Test",
          startsAt: new Date(Date.now() - day),
          endsAt: new Date(Date.now() + day),
          maxSubmissionsPerDay: 100,
          maxConcurrent: 10,
        },
      },
    },
    include: { phases: true },
  });
  await prisma.challengeParticipant.create({
    data: { challengeId: challenge.id, teamId: team.id, members: { create: { userId: member.id, teamId: team.id } } },
  });
  await ingestGroundTruth({ actorId: organizer.id, phaseId: challenge.phases[0].id, source: createReadStream(gtPath) });
  const { token } = await createApiToken(member.id, "bench");
  return { challengeSlug: challenge.slug, phaseSlug: "test", token };
}
