import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { forbidden, notFound, unauthenticated } from "@/lib/auth/errors";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { canSelectFinalEntries, canViewChallenge, isPrivateReleased, type ChallengeFacts } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { definedOrNull } from "./metrics";
import { loadPhaseContext, type PhaseContext } from "./phase-context";

export interface TeamSubmissionRow {
  id: string;
  createdAt: Date;
  status: string;
  progress: number;
  progressStage: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  description: string;
  originalFilename: string;
  selectedForFinal: boolean;
  evalConfigVersion: number | null;
  publicPrimary: number | null;
  publicAp: number | null;
  /** Only once the private split is released. */
  privatePrimary: number | null;
  isCurrentVersion: boolean;
  /** Submitted after the phase's end: scored, never ranked. */
  isLate: boolean;
  /** The team hid it from its list (failed and cancelled entries only). */
  hidden: boolean;
  /** Still queued: the team may cancel it. */
  cancellable: boolean;
}

export interface TeamSubmissions {
  context: PhaseContext;
  facts: ChallengeFacts;
  teamId: string;
  rows: TeamSubmissionRow[];
  selectionOpen: boolean;
  /** Why the organizers disqualified the team, when they did. */
  disqualifyReason: string | null;
}

/** The viewer's team's submissions in a phase: a 404 for non-members (nothing to show there). */
export async function loadTeamSubmissions(
  viewer: Viewer,
  challengeSlug: string,
  phaseSlug: string | undefined,
  now: Date = new Date(),
): Promise<TeamSubmissions> {
  const context = await loadPhaseContext(challengeSlug, phaseSlug, now);
  if (!context) throw notFound(`Challenge "${challengeSlug}" or its phase not found.`);
  const facts = await loadChallengeFacts(viewer, context.challenge.id);
  if (!facts || !canViewChallenge(viewer, facts)) throw notFound(`Challenge "${challengeSlug}" not found.`);
  if (!viewer.userId || !facts.participantTeamId) {
    throw forbidden(`Join a team registered for "${context.challenge.title}" to see its submissions.`);
  }
  const released = isPrivateReleased(context.phase, now);
  const subs = await prisma.submission.findMany({
    where: { phaseId: context.phase.id, teamId: facts.participantTeamId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      createdAt: true,
      status: true,
      progress: true,
      progressStage: true,
      errorCode: true,
      errorMessage: true,
      description: true,
      originalFilename: true,
      selectedForFinal: true,
      evalConfigVersion: true,
      isLate: true,
      hiddenAt: true,
      scores: { select: { split: true, primary: true, ap: true, evalConfigVersion: true } },
    },
  });
  const participant = facts.isDisqualified
    ? await prisma.challengeParticipant.findUnique({ where: { id: facts.participantId! }, select: { disqualifyReason: true } })
    : null;
  const current = context.evalConfig?.version ?? null;
  return {
    context,
    facts,
    teamId: facts.participantTeamId,
    selectionOpen: now < context.phase.endsAt && !facts.isDisqualified,
    disqualifyReason: facts.isDisqualified ? (participant?.disqualifyReason ?? "no reason was given") : null,
    rows: subs.map((s) => {
      const pub = s.scores.find((x) => x.split === "PUBLIC");
      const priv = released ? s.scores.find((x) => x.split === "PRIVATE") : undefined;
      return {
        id: s.id,
        createdAt: s.createdAt,
        status: s.status,
        progress: s.progress,
        progressStage: s.progressStage,
        errorCode: s.errorCode,
        errorMessage: s.errorMessage,
        description: s.description,
        originalFilename: s.originalFilename,
        selectedForFinal: s.selectedForFinal,
        evalConfigVersion: s.evalConfigVersion,
        publicPrimary: definedOrNull(pub?.primary),
        publicAp: definedOrNull(pub?.ap),
        privatePrimary: definedOrNull(priv?.primary),
        isCurrentVersion: pub !== undefined && pub.evalConfigVersion === current,
        isLate: s.isLate,
        hidden: s.hiddenAt !== null,
        cancellable: s.status === "QUEUED",
      };
    }),
  };
}

/** A final-entry selection the phase's rules refuse (closed phase, too many, not the team's finished submissions). */
export class FinalSelectionError extends AppError {
  constructor(message: string) {
    super({ status: 422, code: "invalid_final_selection", message });
  }
}

/**
 * Replaces the team's final-entry selection for a phase. Allowed until the phase closes, for
 * finished submissions of the viewer's own team, at most Phase.maxFinalSelections of them.
 */
export async function setFinalSelections(
  viewer: Viewer,
  challengeSlug: string,
  phaseSlug: string,
  submissionIds: string[],
  now: Date = new Date(),
): Promise<void> {
  const context = await loadPhaseContext(challengeSlug, phaseSlug, now);
  if (!context) throw notFound(`Challenge "${challengeSlug}" has no phase "${phaseSlug}".`);
  const facts = await loadChallengeFacts(viewer, context.challenge.id);
  if (!facts) throw notFound(`Challenge "${challengeSlug}" not found.`);
  const ids = [...new Set(submissionIds)];
  if (!facts.participantTeamId || !canSelectFinalEntries(viewer, facts, { teamId: facts.participantTeamId })) {
    throw forbidden("Only members of a participating (not disqualified) team choose its final entries.");
  }
  if (now >= context.phase.endsAt) {
    throw new FinalSelectionError(`Final entries could be chosen until the phase closed (${context.phase.endsAt.toISOString()}).`);
  }
  const max = context.phase.maxFinalSelections;
  if (ids.length > max) {
    throw new FinalSelectionError(`You chose ${ids.length} entries; this phase allows at most ${max}. Untick ${ids.length - max}.`);
  }
  const teamId = facts.participantTeamId;
  await prisma.$transaction(async (tx) => {
    const eligible = await tx.submission.findMany({
      where: { id: { in: ids }, phaseId: context.phase.id, teamId, status: "FINISHED" },
      select: { id: true },
    });
    if (eligible.length !== ids.length) {
      const ok = new Set(eligible.map((e) => e.id));
      const bad = ids.filter((id) => !ok.has(id));
      throw new FinalSelectionError(`Only your team's finished submissions of this phase can be final entries; not: ${bad.join(", ")}.`);
    }
    await tx.submission.updateMany({
      where: { phaseId: context.phase.id, teamId, selectedForFinal: true },
      data: { selectedForFinal: false },
    });
    if (ids.length > 0) await tx.submission.updateMany({ where: { id: { in: ids } }, data: { selectedForFinal: true } });
  });
}

/** The page of a team's submissions the API returns (GET .../phases/{phase}/submissions?mine=1). */
export async function teamSubmissionsJson(viewer: Viewer, challengeSlug: string, phaseSlug: string, page: number, pageSize: number) {
  if (!viewer.userId) throw unauthenticated();
  const data = await loadTeamSubmissions(viewer, challengeSlug, phaseSlug);
  const rows = data.rows.slice((page - 1) * pageSize, page * pageSize);
  return {
    challenge: data.context.challenge.slug,
    phase: data.context.phase.slug,
    page,
    pageSize,
    total: data.rows.length,
    submissions: rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      filename: r.originalFilename,
      description: r.description,
      late: r.isLate,
      hidden: r.hidden,
      selectedForFinal: r.selectedForFinal,
      evalConfigVersion: r.evalConfigVersion,
      publicPrimary: r.publicPrimary,
      publicAp: r.publicAp,
      privatePrimary: r.privatePrimary,
      error:
        r.errorCode && (r.status === "FAILED" || r.status === "CANCELLED") ? { code: r.errorCode, message: r.errorMessage ?? "" } : null,
    })),
  };
}
