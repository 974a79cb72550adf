import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/passwords";
import { DEMO_CHALLENGE_SLUG, DEMO_PHASE_SLUG, DEMO_USERS, seedDemo } from "../../prisma/seed";

describe("prisma/seed (demo data)", () => {
  it("creates the demo users, challenge and phase, and is idempotent", async () => {
    const first = await seedDemo(prisma);
    const second = await seedDemo(prisma);
    expect(second).toEqual(first);

    const challenge = await prisma.challenge.findUniqueOrThrow({
      where: { slug: DEMO_CHALLENGE_SLUG },
      include: { phases: true, organizers: { include: { user: true } } },
    });
    expect(challenge.status).toBe("PUBLISHED");
    expect(challenge.phases.map((p) => p.slug)).toEqual([DEMO_PHASE_SLUG]);
    expect(challenge.organizers.map((o) => o.user.email)).toEqual([DEMO_USERS.organizer.email]);
    const phase = challenge.phases[0];
    expect(phase.startsAt.getTime()).toBeLessThan(Date.now());
    expect(phase.endsAt.getTime()).toBeGreaterThan(Date.now());

    for (const demo of Object.values(DEMO_USERS)) {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: demo.email } });
      expect(await verifyPassword(user.passwordHash!, demo.password)).toBe(true);
    }
  });
});
