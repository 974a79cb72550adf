import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { ChallengeError } from "./errors";
import { saveEvalConfig } from "./eval-config";
import { changeSplit } from "./ground-truth";
import { parseProtocol, DEFAULT_PROTOCOL } from "./protocol";
import { splitColumnsOf } from "./split-store";
import type { PhaseBody } from "./schemas";

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function sameSplit(
  phase: { splitMode: string; splitPublicPercent: number; splitSeed: number },
  split: NonNullable<PhaseBody["split"]>,
): boolean {
  if (split.publicImageIds) return false; // a list is always re-applied: it cannot be compared with the phase columns
  return phase.splitMode === "PERCENT" && phase.splitPublicPercent === split.publicPercent && phase.splitSeed === (split.seed ?? 1);
}

/**
 * Creates or updates the phase `phaseSlug` (PUT semantics: omitted limits take their defaults).
 * A new phase starts at config version 1; a changed `evaluation` adds a version; a changed split
 * is re-applied to the ground truth (see changeSplit).
 */
export async function upsertPhase(actorId: string | null, challengeId: string, phaseSlug: string, body: PhaseBody) {
  const protocol = body.evaluation ? parseProtocol(body.evaluation) : null;
  const columns = {
    slug: body.slug ?? phaseSlug,
    name: body.name,
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    maxSubmissionsPerDay: body.maxSubmissionsPerDay,
    maxSubmissionsTotal: body.maxSubmissionsTotal,
    maxConcurrent: body.maxConcurrent,
    maxFinalSelections: body.maxFinalSelections,
    maxUploadBytes: BigInt(body.maxUploadBytes),
    leaderboardVisibility: body.leaderboardVisibility,
    autoReleasePrivate: body.autoReleasePrivate,
    allowLateSubmissions: body.allowLateSubmissions,
    ...(body.position !== undefined ? { position: body.position } : {}),
  };
  const existing = await prisma.phase.findUnique({
    where: { challengeId_slug: { challengeId, slug: phaseSlug } },
    include: { groundTruth: { select: { id: true } } },
  });
  if (body.split?.publicImageIds && !existing?.groundTruth)
    throw new ChallengeError(
      422,
      "ground_truth_required",
      "A list of public image ids is checked against the ground truth: upload it first, then set the list (or use { publicPercent, seed }).",
      [{ path: "split.publicImageIds", message: "needs a ground truth" }],
    );
  const splitNeedsApply = body.split !== undefined && existing?.groundTruth != null && !sameSplit(existing, body.split);

  const { phase, version } = await prisma.$transaction(async (tx) => {
    if (!existing) {
      const position = body.position ?? (await tx.phase.count({ where: { challengeId } }));
      const splitColumns = body.split && !body.split.publicImageIds ? splitColumnsOf(body.split) : {};
      const phase = await tx.phase.create({ data: { challengeId, ...columns, position, ...splitColumns } });
      await recordAudit(tx, {
        actorId,
        challengeId,
        action: "phase.create",
        targetType: "Phase",
        targetId: phase.id,
        data: { slug: phase.slug },
      });
      const version = await saveEvalConfig(tx, {
        actorId,
        challengeId,
        phaseId: phase.id,
        protocol: protocol ?? DEFAULT_PROTOCOL,
        reason: "phase created",
      });
      return { phase, version };
    }
    const splitColumns = body.split && !splitNeedsApply && !body.split.publicImageIds ? splitColumnsOf(body.split) : {};
    const data = { ...columns, ...splitColumns };
    const changed = Object.entries(data)
      .filter(([key, value]) => !sameValue((existing as Record<string, unknown>)[key], value))
      .map(([key]) => key);
    // Re-stating a phase as it is (an idempotent import) writes nothing, not even an audit row.
    const phase = changed.length > 0 ? await tx.phase.update({ where: { id: existing.id }, data }) : existing;
    if (changed.length > 0)
      await recordAudit(tx, {
        actorId,
        challengeId,
        action: "phase.update",
        targetType: "Phase",
        targetId: phase.id,
        data: { slug: phase.slug, fields: changed },
      });
    const version = protocol ? await saveEvalConfig(tx, { actorId, challengeId, phaseId: phase.id, protocol }) : null;
    return { phase, version };
  });
  const split =
    body.split && (splitNeedsApply || (body.split.publicImageIds && existing?.groundTruth))
      ? await changeSplit({ actorId, phaseId: phase.id, split: body.split })
      : null;
  return { phase, created: !existing, evalConfigVersion: version, split };
}

/** A phase in the shape the API answers with. */
export function phaseView(phase: {
  slug: string;
  name: string;
  position: number;
  startsAt: Date;
  endsAt: Date;
  maxSubmissionsPerDay: number;
  maxSubmissionsTotal: number;
  maxConcurrent: number;
  maxFinalSelections: number;
  maxUploadBytes: bigint;
  leaderboardVisibility: string;
  autoReleasePrivate: boolean;
  allowLateSubmissions: boolean;
  privateReleased: boolean;
  splitMode: string;
  splitPublicPercent: number;
  splitSeed: number;
}) {
  return {
    slug: phase.slug,
    name: phase.name,
    position: phase.position,
    startsAt: phase.startsAt.toISOString(),
    endsAt: phase.endsAt.toISOString(),
    maxSubmissionsPerDay: phase.maxSubmissionsPerDay,
    maxSubmissionsTotal: phase.maxSubmissionsTotal,
    maxConcurrent: phase.maxConcurrent,
    maxFinalSelections: phase.maxFinalSelections,
    maxUploadBytes: Number(phase.maxUploadBytes),
    leaderboardVisibility: phase.leaderboardVisibility,
    autoReleasePrivate: phase.autoReleasePrivate,
    allowLateSubmissions: phase.allowLateSubmissions,
    privateReleased: phase.privateReleased,
    split:
      phase.splitMode === "LIST" ? { mode: "LIST" } : { mode: "PERCENT", publicPercent: phase.splitPublicPercent, seed: phase.splitSeed },
  };
}
