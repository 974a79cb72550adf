import "server-only";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { unauthenticated } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { canCreateTeam } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { slugCandidate, slugify, teamNameProblem } from "./slug";

export type CreatedTeam = { id: string; slug: string; name: string };

/** Creates a team owned by the viewer. The slug comes from the name, with -2, -3... when taken. */
export async function createTeam(viewer: Viewer, input: { name: string }): Promise<CreatedTeam> {
  if (!canCreateTeam(viewer) || !viewer.userId) throw unauthenticated("Sign in to create a team.");
  const name = input.name.trim();
  const problem = teamNameProblem(name);
  if (problem) throw new InputError(400, "invalid_team_name", problem);
  const base = slugify(name);
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await prisma.team.create({
        data: { name, slug: slugCandidate(base, attempt), memberships: { create: { userId: viewer.userId, role: "OWNER" } } },
        select: { id: true, slug: true, name: true },
      });
    } catch (err) {
      // A concurrent or earlier team took this slug: try the next one.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") continue;
      throw err;
    }
  }
  throw new InputError(409, "team_slug_taken", `Too many teams are named like "${name}"; choose a more distinctive name.`);
}
