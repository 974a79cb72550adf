// Test data for submissions: a published challenge whose phase has a real ground truth (a shared
// COCO fixture), a registered team, and submission rows pointing at stored results files.
import { createReadStream } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { storeStream } from "@/lib/storage";
import { createChallenge as createChallengeAsOrganizer } from "@/lib/challenges/challenges";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { upsertPhase } from "@/lib/challenges/phases";
import { challengeFieldsSchema, phaseBodySchema } from "@/lib/challenges/schemas";
import { createChallenge, createTeam, createUser, registerTeam, uniqueSuffix, type TestUser } from "./factories";
import { REFERENCE_DIR } from "./reference-kit";

export const FIXTURE_DIR = path.join(REFERENCE_DIR, "basic_polygons/");
export const FIXTURE_GT = `${FIXTURE_DIR}gt.json`;
export const FIXTURE_DT = `${FIXTURE_DIR}dt.json`;

export type ScoredPhase = {
  organizer: TestUser;
  member: TestUser;
  teamId: string;
  participantId: string;
  challengeId: string;
  challengeSlug: string;
  phaseId: string;
  phaseSlug: string;
};

type PhaseOptions = NonNullable<Parameters<typeof createChallenge>[0]>["phase"];

/** A published challenge, one phase with the fixture ground truth (50/50 split), a registered team. */
export async function createScoredPhase(phase: PhaseOptions = {}, gtPath = FIXTURE_GT): Promise<ScoredPhase> {
  const organizer = await createUser();
  const member = await createUser();
  const team = await createTeam(member);
  const challenge = await createChallenge({ organizer, phase });
  const { participantId } = await registerTeam(challenge, team);
  await ingestGroundTruth({ actorId: organizer.id, phaseId: challenge.phaseId, source: createReadStream(gtPath) });
  return {
    organizer,
    member,
    teamId: team.id,
    participantId,
    challengeId: challenge.id,
    challengeSlug: challenge.slug,
    phaseId: challenge.phaseId,
    phaseSlug: challenge.phaseSlug,
  };
}

/** A submission row for a stored copy of `filePath`, as the upload path would leave it. */
export async function insertSubmission(
  phase: { phaseId: string; teamId: string | null },
  filePath: string,
  status: "QUEUED" | "RUNNING" = "QUEUED",
): Promise<string> {
  const stored = await storeStream(createReadStream(filePath));
  const row = await prisma.submission.create({
    data: {
      phaseId: phase.phaseId,
      teamId: phase.teamId,
      originalFilename: filePath.split("/").pop()!,
      storageKey: stored.key,
      sha256: stored.sha256,
      byteSize: BigInt(stored.byteSize),
      status,
    },
    select: { id: true },
  });
  return row.id;
}

/** The image ids of each split of a phase's ground truth, as the worker reads them. */
export async function splitsOf(phaseId: string): Promise<{ public: number[]; private: number[] }> {
  const rows = await prisma.imageSplit.findMany({ where: { groundTruth: { phaseId } }, orderBy: { imageId: "asc" } });
  return {
    public: rows.filter((r) => r.split === "PUBLIC").map((r) => r.imageId),
    private: rows.filter((r) => r.split === "PRIVATE").map((r) => r.imageId),
  };
}

/**
 * A published challenge whose one phase ("test", open now, 100% public) is created through the
 * organizer's path (upsertPhase, so `evaluation` is validated as a protocol) with `gtPath` ingested.
 */
export async function createProtocolPhase(evaluation: Record<string, unknown>, gtPath: string): Promise<{ id: string }> {
  const organizer = await createUser({ canCreateChallenges: true });
  const slug = `protocol-${uniqueSuffix()}`;
  const challenge = await createChallengeAsOrganizer(
    organizer.id,
    challengeFieldsSchema.parse({ slug, title: `Protocol ${slug}`, status: "PUBLISHED" }),
  );
  const day = 86_400_000;
  const { phase } = await upsertPhase(
    organizer.id,
    challenge.id,
    "test",
    phaseBodySchema.parse({
      name: "Test",
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + 30 * day).toISOString(),
      split: { publicPercent: 100 },
      evaluation,
    }),
  );
  await ingestGroundTruth({ actorId: organizer.id, phaseId: phase.id, source: createReadStream(gtPath) });
  return { id: phase.id };
}
