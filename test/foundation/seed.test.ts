import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/passwords";
import { DEMO_CHALLENGE_SLUG, DEMO_PHASE_SLUGS, DEMO_USERS, seedDemo } from "../../prisma/seed";

describe("prisma/seed (demo data)", () => {
  it("imports the demo challenge with its hidden ground truth, teams and queued submissions, idempotently", async () => {
    const first = await seedDemo(prisma);
    const second = await seedDemo(prisma);
    expect(second).toEqual(first);

    const challenge = await prisma.challenge.findUniqueOrThrow({
      where: { slug: DEMO_CHALLENGE_SLUG },
      include: {
        phases: { include: { groundTruth: true, evalConfigs: true, submissions: true }, orderBy: { position: "asc" } },
        organizers: { include: { user: true } },
        participants: { include: { team: true } },
      },
    });
    expect(challenge.status).toBe("PUBLISHED");
    expect(challenge.phases.map((p) => p.slug).sort()).toEqual([...DEMO_PHASE_SLUGS].sort());
    expect(challenge.organizers.map((o) => o.user.email)).toEqual([DEMO_USERS.organizer.email]);
    expect(challenge.participants.map((p) => p.team.name).sort()).toEqual(["Demo Team", "Rival Lab"]);
    for (const phase of challenge.phases) {
      expect(phase.startsAt.getTime()).toBeLessThan(Date.now());
      expect(phase.endsAt.getTime()).toBeGreaterThan(Date.now());
      expect(phase.groundTruth?.numImages).toBe(40);
      expect(phase.evalConfigs).toHaveLength(1);
      // One baseline and one entry per team, not doubled by the second run.
      expect(phase.submissions).toHaveLength(3);
      expect(phase.submissions.filter((s) => s.isBaseline)).toHaveLength(1);
      expect(phase.submissions.every((s) => s.status !== "FAILED")).toBe(true);
    }

    for (const demo of Object.values(DEMO_USERS)) {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: demo.email } });
      expect(await verifyPassword(user.passwordHash!, demo.password)).toBe(true);
    }
  });
});
