import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { listPublicChallenges } from "@/lib/challenges-public/list-challenges";
import { loadChallengeOverview } from "@/lib/challenges-public/overview";
import { createChallenge, createTeam, createUser, registerTeam, uniqueSuffix } from "../../helpers/factories";

describe("challenge counts", () => {
  it("are the same on the home card and the challenge page: team submissions not cancelled, teams not disqualified", async () => {
    const organizer = await createUser();
    const challenge = await createChallenge({ organizer });
    const second = await prisma.phase.create({
      data: { challengeId: challenge.id, slug: "second", name: "Second", startsAt: new Date(0), endsAt: new Date(Date.now() + 86_400_000) },
    });
    const teams = await Promise.all([0, 1, 2].map(async () => createTeam(await createUser())));
    for (const t of teams) await registerTeam(challenge, t);
    await prisma.challengeParticipant.updateMany({
      where: { challengeId: challenge.id, teamId: teams[2].id },
      data: { disqualifiedAt: new Date(), disqualifyReason: "shared accounts" },
    });
    const submit = (phaseId: string, teamId: string | null, status: "FINISHED" | "FAILED" | "CANCELLED", isBaseline = false) =>
      prisma.submission.create({
        data: {
          phaseId,
          teamId,
          userId: organizer.id,
          originalFilename: "r.json",
          storageKey: `k-${uniqueSuffix()}`,
          sha256: "0".repeat(64),
          byteSize: 1n,
          status,
          isBaseline,
        },
      });
    await submit(challenge.phaseId, teams[0].id, "FINISHED");
    await submit(challenge.phaseId, teams[0].id, "FAILED");
    await submit(challenge.phaseId, teams[1].id, "CANCELLED");
    await submit(challenge.phaseId, null, "FINISHED", true); // baseline
    await submit(challenge.phaseId, null, "FINISHED"); // organizer test entry
    await submit(second.id, teams[1].id, "FINISHED");

    const overview = await loadChallengeOverview(challenge.slug);
    expect(overview!.phases.map((p) => [p.slug, p.submissions]).sort()).toEqual([
      ["second", 1],
      ["test", 2],
    ]);
    expect([overview!.teams, overview!.submissions]).toEqual([2, 3]);

    await prisma.challenge.update({ where: { id: challenge.id }, data: { status: "PUBLISHED" } });
    const card = (await listPublicChallenges()).find((c) => c.slug === challenge.slug)!;
    expect([card.teams, card.submissions]).toEqual([overview!.teams, overview!.submissions]);
  });
});
