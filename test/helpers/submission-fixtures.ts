// Test data for submissions: a published challenge whose phase has a real ground truth (a shared
// COCO fixture), a registered team, and submission rows pointing at stored results files.
import { createReadStream } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { storeStream } from "@/lib/storage";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { createChallenge, createTeam, createUser, registerTeam, type TestUser } from "./factories";
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
