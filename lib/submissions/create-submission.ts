import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { canManageChallenge, canSubmit, canViewChallenge } from "@/lib/auth/policy";
import { forbidden, notFound, unauthenticated } from "@/lib/auth/errors";
import { isSignedIn, type Viewer } from "@/lib/auth/viewer";
import { SubmissionError } from "./errors";
import { admitToPhase } from "./phase-window";
import { insertSubmissionWithinQuota, precheckQuota, type QuotaScope } from "./insert-submission";
import { receiveUpload } from "./upload";
import { validateBeforeQueue, type SubmissionFailure } from "./pre-queue-validation";
import { enqueueEvaluation } from "./enqueue";
import { assertTeamStorageWithinCap } from "./storage-cleanup";
import { phaseImageSetName } from "./image-set-name";

export type SubmissionTarget = { challengeSlug: string; phaseSlug: string };
export type CreatedSubmission = { id: string; status: "QUEUED" | "FAILED"; error: SubmissionFailure | null };

async function loadTarget(viewer: Viewer, target: SubmissionTarget) {
  const phase = await prisma.phase.findFirst({
    where: { slug: target.phaseSlug, challenge: { slug: target.challengeSlug } },
    include: {
      groundTruth: { select: { storageKey: true, sha256: true, numImages: true } },
      evalConfigs: { orderBy: { version: "desc" }, take: 1, select: { iouType: true, useCats: true } },
    },
  });
  const facts = phase ? await loadChallengeFacts(viewer, phase.challengeId) : null;
  if (!phase || !facts || !canViewChallenge(viewer, facts)) {
    throw notFound(`Phase "${target.phaseSlug}" of challenge "${target.challengeSlug}" not found.`);
  }
  return { phase, facts };
}

/**
 * Accepts one results file for a phase: checks who may submit, the phase window and the team's
 * quotas, streams the file to storage, inserts the QUEUED row (quota re-checked atomically), runs the
 * cheap validation and queues the evaluation. Once the row exists the submission is never lost: an
 * invalid file leaves it FAILED with the reasons, a failed enqueue is picked up by the watchdog.
 */
export async function createSubmission(
  viewer: Viewer,
  target: SubmissionTarget,
  request: Request,
  now = new Date(),
): Promise<CreatedSubmission> {
  if (!isSignedIn(viewer)) throw unauthenticated();
  const { phase, facts } = await loadTarget(viewer, target);
  const exempt = canManageChallenge(viewer, facts);
  if (!canSubmit(viewer, facts)) {
    if (facts.isDisqualified) throw forbidden("Your team was disqualified from this challenge and can no longer submit.");
    throw forbidden(
      `Only members of a team registered for "${facts.slug}" can submit. Register your team on the challenge page (/c/${facts.slug}) or with POST /api/v1/challenges/${facts.slug}/register {"team": "<team slug>"}.`,
    );
  }
  if (!phase.groundTruth) {
    throw new SubmissionError(
      409,
      "no_ground_truth",
      `Phase "${phase.name}" has no ground truth yet, so submissions cannot be scored; try again once the organizers have uploaded it.`,
    );
  }

  let scope: QuotaScope | null = null;
  let late = false;
  if (!exempt) {
    late = admitToPhase(phase, now).late;
    scope = {
      participantId: facts.participantId!,
      limits: {
        maxSubmissionsPerDay: phase.maxSubmissionsPerDay,
        maxSubmissionsTotal: phase.maxSubmissionsTotal,
        maxConcurrent: phase.maxConcurrent,
      },
    };
    // Refuse early so a team over quota does not upload gigabytes for nothing; the binding check is below.
    await precheckQuota(phase.id, facts.participantTeamId!, scope.participantId, scope.limits, now);
    await assertTeamStorageWithinCap(facts.participantTeamId!);
  }

  const upload = await receiveUpload(request, { maxBytes: Number(phase.maxUploadBytes) });
  // Over the cap the file stays unreferenced: the storage cleanup deletes it after its grace period.
  if (!exempt) await assertTeamStorageWithinCap(facts.participantTeamId!, upload.stored.byteSize);
  const { id } = await insertSubmissionWithinQuota(
    {
      phaseId: phase.id,
      teamId: exempt ? null : facts.participantTeamId,
      userId: viewer.userId,
      // Organizer uploads are private test entries unless the organizer asks for a public baseline row.
      isBaseline: exempt && upload.baseline,
      isLate: late,
      originalFilename: upload.filename,
      storageKey: upload.stored.key,
      sha256: upload.stored.sha256,
      byteSize: upload.stored.byteSize,
      description: upload.description,
    },
    scope,
    now,
  );

  const config = phase.evalConfigs[0];
  const protocol = {
    iouType: config?.iouType === "BBOX" ? ("bbox" as const) : ("segm" as const),
    useCats: config?.useCats ?? true,
    imageSetName: phaseImageSetName(phase.name, phase.groundTruth.numImages),
  };
  const failure = await validateBeforeQueue(id, upload.stored, phase.groundTruth, protocol);
  if (failure) return { id, status: "FAILED", error: failure };
  try {
    await enqueueEvaluation(id);
  } catch (e) {
    // The row stays QUEUED (202 all the same); the watchdog enqueues it once Redis answers again.
    console.error(`submission ${id}: not queued yet, the watchdog will queue it: ${(e as Error)?.message ?? String(e)}`);
  }
  return { id, status: "QUEUED", error: null };
}
