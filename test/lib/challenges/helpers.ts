// Organizer-console test helpers: a challenge built through lib/challenges itself.
import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { createChallenge } from "@/lib/challenges/challenges";
import { upsertPhase } from "@/lib/challenges/phases";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { challengeFieldsSchema, phaseBodySchema } from "@/lib/challenges/schemas";
import { uniqueSuffix } from "../../helpers/factories";

export const DEMO_GT = "prisma/demo/ground-truth.json";
export const SMALL_GT = "test/fixtures/reference/basic_polygons/gt.json";

export async function organizedChallenge(organizerId: string, opts: { status?: "DRAFT" | "PUBLISHED" } = {}) {
  const slug = `org-${uniqueSuffix()}`;
  const challenge = await createChallenge(
    organizerId,
    challengeFieldsSchema.parse({ slug, title: `Org ${slug}`, status: opts.status ?? "PUBLISHED" }),
  );
  const day = 86_400_000;
  const { phase } = await upsertPhase(
    organizerId,
    challenge.id,
    "test",
    phaseBodySchema.parse({
      name: "Test",
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + 30 * day).toISOString(),
    }),
  );
  return { challenge, phase };
}

export async function uploadGroundTruth(actorId: string, phaseId: string, file = DEMO_GT, confirmReplace = false) {
  return ingestGroundTruth({ actorId, phaseId, source: createReadStream(file), confirmReplace });
}

/** A finished submission row scored with `version` (the worker's shape, without scores). */
export async function finishedSubmission(phaseId: string, teamId: string | null, version: number) {
  return prisma.submission.create({
    data: {
      phaseId,
      teamId,
      originalFilename: "r.json",
      storageKey: "x",
      sha256: "x",
      byteSize: BigInt(1),
      status: "FINISHED",
      evalConfigVersion: version,
      finishedAt: new Date(),
    },
  });
}

export function tempJson(value: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-org-"));
  const file = path.join(dir, "gt.json");
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/**
 * A re-run resets a FINISHED submission to QUEUED; a worker of the same test run (the e2e test's)
 * may already have picked it up (and failed it: these rows have no real file).
 */
export async function expectRequeued(submissionId: string) {
  const { status } = await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } });
  if (!["QUEUED", "RUNNING", "FAILED"].includes(status)) throw new Error(`submission ${submissionId} is ${status}, expected it re-queued`);
}
