// Seeds one deadline-rush challenge (bench:rush): an organizer, `teams` registered teams each with an
// API token, one phase with the given ground truth and limits that let every team submit its whole
// share at once. Through the same lib code the app uses; imported after the bench has set the environment.
import { createReadStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { createApiToken } from "@/lib/auth/tokens";

export type RushChallenge = { challengeSlug: string; phaseId: string; phaseSlug: string; tokens: string[]; organizerToken: string };

export async function seedRushChallenge(gtPath: string, teams: number, perTeam: number, maxUploadBytes: number): Promise<RushChallenge> {
  const suffix = randomBytes(4).toString("hex");
  const organizer = await prisma.user.create({ data: { email: `rush-org-${suffix}@example.test` } });
  const day = 24 * 3600_000;
  const challenge = await prisma.challenge.create({
    data: {
      slug: `rush-${suffix}`,
      title: `Deadline rush ${suffix}`,
      status: "PUBLISHED",
      organizers: { create: { userId: organizer.id } },
      phases: {
        create: {
          slug: "test",
          name: "Test",
          startsAt: new Date(Date.now() - day),
          endsAt: new Date(Date.now() + day),
          maxSubmissionsPerDay: perTeam + 5,
          maxSubmissionsTotal: perTeam + 5,
          maxConcurrent: perTeam + 5,
          maxUploadBytes: BigInt(maxUploadBytes),
        },
      },
    },
    include: { phases: true },
  });
  const tokens: string[] = [];
  for (let t = 0; t < teams; t++) {
    const member = await prisma.user.create({ data: { email: `rush-${suffix}-${t}@example.test` } });
    const team = await prisma.team.create({
      data: { slug: `rush-${suffix}-${t}`, name: `Rush team ${t + 1}`, memberships: { create: { userId: member.id, role: "OWNER" } } },
    });
    await prisma.challengeParticipant.create({
      data: { challengeId: challenge.id, teamId: team.id, members: { create: { userId: member.id, teamId: team.id } } },
    });
    tokens.push((await createApiToken(member.id, "rush")).token);
  }
  await ingestGroundTruth({ actorId: organizer.id, phaseId: challenge.phases[0].id, source: createReadStream(gtPath) });
  const organizerToken = (await createApiToken(organizer.id, "rush")).token;
  return { challengeSlug: challenge.slug, phaseId: challenge.phases[0].id, phaseSlug: "test", tokens, organizerToken };
}
