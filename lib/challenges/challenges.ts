import "server-only";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { ChallengeError } from "./errors";
import type { ChallengeFields, ChallengePatch } from "./schemas";

type Status = "DRAFT" | "PUBLISHED" | "ARCHIVED";

/** Challenges only move forward: DRAFT -> PUBLISHED -> ARCHIVED (re-stating the current status is fine). */
const ALLOWED_TRANSITIONS: Record<Status, Status[]> = {
  DRAFT: ["DRAFT", "PUBLISHED"],
  PUBLISHED: ["PUBLISHED", "ARCHIVED"],
  ARCHIVED: ["ARCHIVED"],
};

export function assertStatusTransition(from: Status, to: Status): void {
  if (!ALLOWED_TRANSITIONS[from].includes(to))
    throw new ChallengeError(
      409,
      "invalid_status_transition",
      `A ${from} challenge cannot become ${to}: challenges go DRAFT -> PUBLISHED -> ARCHIVED.`,
      [{ path: "status", message: `${from} -> ${to} is not allowed` }],
    );
}

function slugTaken(slug: string): ChallengeError {
  return new ChallengeError(409, "slug_taken", `The slug "${slug}" is already used by another challenge: choose another one.`, [
    { path: "slug", message: "already taken" },
  ]);
}

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

/** Creates a challenge with the creator as its first organizer. */
export async function createChallenge(actorId: string | null, fields: ChallengeFields) {
  try {
    return await prisma.$transaction(async (tx) => {
      const challenge = await tx.challenge.create({
        data: {
          slug: fields.slug,
          title: fields.title,
          summary: fields.summary,
          description: fields.description,
          rules: fields.rules,
          status: fields.status,
          publicSubmissionPages: fields.publicSubmissionPages,
          organizers: actorId ? { create: { userId: actorId } } : undefined,
        },
      });
      await recordAudit(tx, {
        actorId,
        challengeId: challenge.id,
        action: "challenge.create",
        targetType: "Challenge",
        targetId: challenge.id,
        data: { slug: fields.slug, status: fields.status },
      });
      return challenge;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(fields.slug);
    throw err;
  }
}

/** Applies a partial update; `organizers` adds co-organizers by e-mail (they must have an account). */
export async function updateChallenge(actorId: string | null, challengeId: string, patch: ChallengePatch) {
  const { organizers, ...fields } = patch;
  try {
    return await prisma.$transaction(async (tx) => {
      const current = await tx.challenge.findUniqueOrThrow({ where: { id: challengeId } });
      if (fields.status) assertStatusTransition(current.status, fields.status);
      const changed = Object.fromEntries(
        Object.entries(fields).filter(([key, value]) => value !== undefined && (current as Record<string, unknown>)[key] !== value),
      );
      const challenge =
        Object.keys(changed).length > 0 ? await tx.challenge.update({ where: { id: challengeId }, data: changed }) : current;
      if (Object.keys(changed).length > 0) {
        const action = changed.status ? `challenge.status.${String(changed.status).toLowerCase()}` : "challenge.update";
        await recordAudit(tx, {
          actorId,
          challengeId,
          action,
          targetType: "Challenge",
          targetId: challengeId,
          data: { fields: Object.keys(changed) },
        });
      }
      for (const email of organizers ?? []) await addOrganizerTx(tx, actorId, challengeId, email);
      return challenge;
    });
  } catch (err) {
    if (isUniqueViolation(err) && fields.slug) throw slugTaken(fields.slug);
    throw err;
  }
}

async function addOrganizerTx(tx: Prisma.TransactionClient, actorId: string | null, challengeId: string, email: string) {
  const user = await tx.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } } });
  if (!user)
    throw new ChallengeError(422, "unknown_user", `No account uses ${email}: the co-organizer must sign up first, then add them again.`, [
      { path: "organizers", message: `${email} has no account` },
    ]);
  const existing = await tx.challengeOrganizer.findUnique({ where: { challengeId_userId: { challengeId, userId: user.id } } });
  if (existing) return;
  await tx.challengeOrganizer.create({ data: { challengeId, userId: user.id } });
  await recordAudit(tx, {
    actorId,
    challengeId,
    action: "organizer.add",
    targetType: "User",
    targetId: user.id,
    data: { email: user.email },
  });
}

export async function addOrganizer(actorId: string | null, challengeId: string, email: string): Promise<void> {
  await prisma.$transaction((tx) => addOrganizerTx(tx, actorId, challengeId, email));
}

/** A challenge in the shape the API answers with. */
export function challengeView(c: {
  id: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  rules: string;
  status: string;
  publicSubmissionPages: boolean;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    description: c.description,
    rules: c.rules,
    status: c.status,
    publicSubmissionPages: c.publicSubmissionPages,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
