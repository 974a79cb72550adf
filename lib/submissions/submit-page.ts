import "server-only";
import { prisma } from "@/lib/db";
import { loadChallengeFactsBySlug } from "@/lib/auth/facts";
import { canManageChallenge, canSubmit, canViewChallenge } from "@/lib/auth/policy";
import { isSignedIn, type Viewer } from "@/lib/auth/viewer";
import { loadQuotaUsage } from "./quota-usage";
import { phaseState, type PhaseState } from "./phase-window";

export type SubmitPhase = {
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  open: boolean;
  /** upcoming, open, late (after the end, late submissions accepted) or closed. */
  state: PhaseState;
  hasGroundTruth: boolean;
  maxUploadBytes: number;
};

export type SubmitPageModel = {
  challenge: { slug: string; title: string };
  phases: SubmitPhase[];
  phase: SubmitPhase | null;
  /** Why this viewer cannot submit here, or null when they can. */
  blocked: string | null;
  isBaseline: boolean;
  /** The viewer's team takes part (the page then links to the team's submissions). */
  isParticipant: boolean;
  quota: { perDay: number; total: number; concurrent: number; usedToday: number; usedTotal: number; inFlight: number } | null;
  /** Why the upload form is disabled right now although the viewer may submit here (a quota is used up), or null. */
  quotaReached: string | null;
};

function untilNextUtcDay(now: Date): string {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.ceil((next - now.getTime()) / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

const utcText = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the submit page shows; null when the challenge does not exist for this viewer. */
export async function loadSubmitPage(
  viewer: Viewer,
  slug: string,
  phaseSlug: string | undefined,
  now = new Date(),
): Promise<SubmitPageModel | null> {
  const facts = await loadChallengeFactsBySlug(viewer, slug);
  if (!facts || !canViewChallenge(viewer, facts)) return null;
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: facts.challengeId },
    select: {
      slug: true,
      title: true,
      phases: { orderBy: [{ position: "asc" }, { startsAt: "asc" }], include: { groundTruth: { select: { id: true } } } },
    },
  });
  const phases = challenge.phases.map((p) => ({
    slug: p.slug,
    name: p.name,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    open: now >= p.startsAt && now < p.endsAt,
    state: phaseState(p, now),
    hasGroundTruth: p.groundTruth !== null,
    maxUploadBytes: Number(p.maxUploadBytes),
  }));
  const row =
    challenge.phases.find((p) => p.slug === phaseSlug) ??
    challenge.phases.find((p) => now >= p.startsAt && now < p.endsAt) ??
    challenge.phases[0];
  const phase = row ? phases[challenge.phases.indexOf(row)] : null;
  const isBaseline = canManageChallenge(viewer, facts);

  let blocked: string | null = null;
  if (!isSignedIn(viewer)) blocked = "Sign in to submit.";
  else if (facts.isDisqualified) {
    const p = await prisma.challengeParticipant.findUnique({ where: { id: facts.participantId! }, select: { disqualifyReason: true } });
    blocked = `Your team was disqualified from this challenge by the organizers: ${p?.disqualifyReason ?? "no reason was given"}. It can no longer submit.`;
  } else if (!canSubmit(viewer, facts))
    blocked = "Only members of a team registered for this challenge can submit: register your team on the challenge page first.";
  else if (!phase) blocked = "This challenge has no phases yet.";
  else if (!phase.hasGroundTruth) blocked = "This phase has no ground truth yet, so submissions cannot be scored.";
  else if (!isBaseline && phase.state === "upcoming")
    blocked = `${phase.name} opens for submissions on ${utcText(phase.startsAt)} (until ${utcText(phase.endsAt)}).`;
  else if (!isBaseline && phase.state === "closed")
    blocked = `${phase.name} closed on ${utcText(phase.endsAt)}: it no longer accepts submissions.`;

  let quota: SubmitPageModel["quota"] = null;
  if (row && !isBaseline && facts.participantTeamId && facts.participantId) {
    const participant = await prisma.challengeParticipant.findUnique({
      where: { id: facts.participantId },
      select: { quotaResetAt: true },
    });
    const usage = await loadQuotaUsage(row.id, facts.participantTeamId, participant?.quotaResetAt ?? null, now);
    quota = {
      perDay: row.maxSubmissionsPerDay,
      total: row.maxSubmissionsTotal,
      concurrent: row.maxConcurrent,
      usedToday: usage.today,
      usedTotal: usage.total,
      inFlight: usage.inFlight,
    };
  }
  let quotaReached: string | null = null;
  if (quota && !blocked) {
    if (quota.usedTotal >= quota.total) quotaReached = `Your team has used all ${quota.total} submissions of this phase.`;
    else if (quota.usedToday >= quota.perDay)
      quotaReached = `Your team has used today's ${quota.perDay} submission${quota.perDay === 1 ? "" : "s"}: the next one is possible after 00:00 UTC, in ${untilNextUtcDay(now)}.`;
    else if (quota.inFlight >= quota.concurrent)
      quotaReached = `${quota.inFlight} of your team's submissions are queued or running (at most ${quota.concurrent} at a time): submit again when one has finished.`;
  }
  return {
    quotaReached,
    challenge: { slug: challenge.slug, title: challenge.title },
    phases,
    phase,
    blocked,
    isBaseline,
    isParticipant: facts.participantTeamId !== null,
    quota,
  };
}
