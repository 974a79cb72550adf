"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/session";
import type { Viewer } from "@/lib/auth/viewer";
import type { ChallengeFacts } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { authorizeCreateChallenge, authorizeManageChallenge, findPhase } from "@/lib/challenges/access";
import {
  cancelChallengeSubmission,
  disqualifyTeam,
  markBaseline,
  reevaluatePhase,
  releasePrivateSplit,
  requalifyTeam,
  rerunChallengeSubmission,
  resetTeamQuota,
} from "@/lib/challenges/actions";
import { addOrganizer, createChallenge, updateChallenge } from "@/lib/challenges/challenges";
import { describeError } from "@/lib/challenges/describe-error";
import { ChallengeError } from "@/lib/challenges/errors";
import { formFeedback, type FormState } from "@/lib/challenges/form-feedback";
import { saveEvalConfig } from "@/lib/challenges/eval-config";
import { challengeInputFromForm, phaseInputFromForm, protocolInputFromForm, splitInputFromForm } from "@/lib/challenges/form-input";
import { changeSplit } from "@/lib/challenges/ground-truth";
import { upsertPhase } from "@/lib/challenges/phases";
import { parseProtocol } from "@/lib/challenges/protocol";
import { challengeFieldsSchema, challengePatchSchema, phaseBodySchema, splitInputSchema } from "@/lib/challenges/schemas";
import { formText } from "@/lib/form-data";
import { signNotice } from "@/lib/notices";
import { sameSitePath } from "@/lib/same-site-path";
import { releaseHeldParticipation } from "@/lib/teams";

type Ctx = { viewer: Viewer; facts: ChallengeFacts; form: FormData };

/** `path` with the outcome as a signed ?ok= / ?error= notice for this viewer (lib/notices.ts). */
function withParam(path: string, viewer: Viewer, key: "ok" | "error", value: string): string {
  const [base, query = ""] = path.split("?");
  const params = new URLSearchParams(query);
  params.delete("ok");
  params.delete("error");
  params.set(key, signNotice(viewer, key, value));
  return `${base}?${params}`;
}

const field = (form: FormData, name: string) => formText(form, name);

/**
 * Runs one organizer action: authorizes the viewer for the form's challenge, runs `fn`, then
 * redirects back with ?ok= or ?error= (the pages show it; works without JavaScript).
 */
async function organizerAction(form: FormData, fn: (ctx: Ctx) => Promise<string | { notice: string; goTo: string }>) {
  const slug = field(form, "challenge");
  // `back` comes from the form: only a same-site path is followed (no open redirect).
  let target = sameSitePath(field(form, "back"), `/c/${encodeURIComponent(slug)}/manage`);
  const viewer = await getViewer();
  try {
    const facts = await authorizeManageChallenge(viewer, slug);
    const outcome = await fn({ viewer, facts, form });
    if (typeof outcome === "string") target = withParam(target, viewer, "ok", outcome);
    else target = withParam(outcome.goTo, viewer, "ok", outcome.notice);
  } catch (err) {
    target = withParam(target, viewer, "error", describeError(err));
  }
  revalidatePath(`/c/${slug}`, "layout");
  redirect(target);
}

/**
 * Runs one organizer form (OrganizerForm): authorizes like organizerAction, and on success redirects
 * with ?ok=; a refusal comes back to the form as its state (field messages, typed values kept).
 */
async function organizerFormAction(
  form: FormData,
  fn: (ctx: Ctx) => Promise<string | { notice: string; goTo: string }>,
): Promise<FormState> {
  const slug = field(form, "challenge");
  // `back` comes from the form: only a same-site path is followed (no open redirect).
  let target = sameSitePath(field(form, "back"), `/c/${encodeURIComponent(slug)}/manage`);
  const viewer = await getViewer();
  try {
    const facts = await authorizeManageChallenge(viewer, slug);
    const outcome = await fn({ viewer, facts, form });
    if (typeof outcome === "string") target = withParam(target, viewer, "ok", outcome);
    else target = withParam(outcome.goTo, viewer, "ok", outcome.notice);
  } catch (err) {
    return formFeedback(err);
  }
  revalidatePath(`/c/${slug}`, "layout");
  redirect(target);
}

export async function createChallengeAction(_state: FormState, form: FormData): Promise<FormState> {
  let target: string;
  try {
    const viewer = await getViewer();
    authorizeCreateChallenge(viewer);
    const fields = challengeFieldsSchema.parse({ ...challengeInputFromForm(form), status: "DRAFT" });
    const challenge = await createChallenge(viewer.userId, fields);
    target = withParam(`/c/${challenge.slug}/manage`, viewer, "ok", "Challenge created as a draft. Add a phase next.");
  } catch (err) {
    return formFeedback(err);
  }
  redirect(target);
}

export async function updateChallengeAction(_state: FormState, form: FormData): Promise<FormState> {
  return organizerFormAction(form, async ({ viewer, facts, form }) => {
    const patch = challengePatchSchema.parse(challengeInputFromForm(form));
    const challenge = await updateChallenge(viewer.userId, facts.challengeId, patch);
    return { notice: "Challenge saved.", goTo: `/c/${challenge.slug}/manage/edit` };
  });
}

export async function setStatusAction(form: FormData) {
  await organizerAction(form, async ({ viewer, facts, form }) => {
    const status = challengePatchSchema.shape.status.parse(field(form, "status"));
    await updateChallenge(viewer.userId, facts.challengeId, { status });
    return `Challenge is now ${status}.`;
  });
}

export async function addOrganizerAction(_state: FormState, form: FormData): Promise<FormState> {
  return organizerFormAction(form, async ({ viewer, facts, form }) => {
    await addOrganizer(viewer.userId, facts.challengeId, field(form, "email"));
    return `${field(form, "email")} is now an organizer.`;
  });
}

export async function savePhaseAction(_state: FormState, form: FormData): Promise<FormState> {
  return organizerFormAction(form, async ({ viewer, facts, form }) => {
    const current = field(form, "phase");
    const input = phaseInputFromForm(form);
    const body = phaseBodySchema.parse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    const { phase, created } = await upsertPhase(viewer.userId, facts.challengeId, current || body.slug || "", body);
    return {
      notice: created ? "Phase created. Upload its ground truth next." : "Phase saved.",
      goTo: `/c/${facts.slug}/manage/phases/${phase.slug}`,
    };
  });
}

export async function saveProtocolAction(_state: FormState, form: FormData): Promise<FormState> {
  return organizerFormAction(form, async ({ viewer, facts, form }) => {
    const phase = await findPhase(facts.challengeId, field(form, "phase"));
    const protocol = parseProtocol(protocolInputFromForm(form));
    const saved = await prisma.$transaction((tx) =>
      saveEvalConfig(tx, { actorId: viewer.userId, challengeId: facts.challengeId, phaseId: phase.id, protocol }),
    );
    return saved.created
      ? `Saved as config version ${saved.version}. Re-evaluate the older submissions to update the leaderboard.`
      : `Unchanged: still version ${saved.version}.`;
  });
}

export async function saveSplitAction(_state: FormState, form: FormData): Promise<FormState> {
  return organizerFormAction(form, async ({ viewer, facts, form }) => {
    const phase = await findPhase(facts.challengeId, field(form, "phase"));
    const split = splitInputSchema.parse(splitInputFromForm(form));
    const result = await changeSplit({ actorId: viewer.userId, phaseId: phase.id, split });
    return result.newVersion
      ? `Split saved; config version ${result.newVersion}, ${result.rerun} submission(s) re-evaluating.`
      : "Split saved.";
  });
}

/** The safeguarded buttons carry a required "confirm" box; "override" is ticked to act on an open phase. */
function confirmed(form: FormData, what: string): { override: boolean } {
  if (form.get("confirm") !== "on") throw new ChallengeError(400, "confirm_required", `Tick the confirmation box to ${what}.`);
  return { override: form.get("override") === "on" };
}

export async function reevaluatePhaseAction(form: FormData) {
  await organizerAction(form, async ({ viewer, facts, form }) => {
    const phase = await findPhase(facts.challengeId, field(form, "phase"));
    const queued = await reevaluatePhase(viewer.userId, phase.id, confirmed(form, "re-run every submission"));
    return `${queued} submission(s) queued for re-evaluation.`;
  });
}

export async function releasePrivateAction(form: FormData) {
  await organizerAction(form, async ({ viewer, facts, form }) => {
    const phase = await findPhase(facts.challengeId, field(form, "phase"));
    await releasePrivateSplit(viewer.userId, facts.challengeId, phase.id, confirmed(form, "release the private split"));
    return `The private split of ${phase.name} is released.`;
  });
}

/** One organizer operation on the submission or team a form names, and the notice shown once it is done. */
type TargetOperation = {
  run: (actorId: string | null, challengeId: string, targetId: string, form: FormData) => Promise<unknown>;
  notice: string;
};

/** Runs the operation the form's `op` names on the target in its `targetField` (inside organizerAction). */
async function runTargetOperation(
  { viewer, facts, form }: Ctx,
  targetField: "submission" | "team",
  operations: Record<string, TargetOperation>,
) {
  const op = field(form, "op");
  if (!Object.hasOwn(operations, op)) throw new Error(`unknown ${targetField} action ${op}`);
  await operations[op].run(viewer.userId, facts.challengeId, field(form, targetField), form);
  return operations[op].notice;
}

export async function submissionAction(form: FormData) {
  await organizerAction(form, (ctx) =>
    runTargetOperation(ctx, "submission", {
      cancel: {
        run: (actor, challenge, id, form) => cancelChallengeSubmission(actor, challenge, id, field(form, "reason")),
        notice: "Submission cancelled; the team sees who cancelled it and why.",
      },
      rerun: { run: rerunChallengeSubmission, notice: "Submission queued again." },
      baseline: { run: (actor, challenge, id) => markBaseline(actor, challenge, id, true), notice: "Marked as baseline." },
      unbaseline: { run: (actor, challenge, id) => markBaseline(actor, challenge, id, false), notice: "No longer a baseline." },
    }),
  );
}

export async function teamAction(form: FormData) {
  await organizerAction(form, (ctx) =>
    runTargetOperation(ctx, "team", {
      disqualify: {
        run: (actor, challenge, teamId, form) => disqualifyTeam(actor, challenge, teamId, field(form, "reason")),
        notice: "Team disqualified; it is hidden from the leaderboards.",
      },
      requalify: { run: requalifyTeam, notice: "Team reinstated." },
      resetQuota: { run: resetTeamQuota, notice: "Quota reset: earlier submissions no longer count." },
    }),
  );
}

/** Frees a member who left a team after it submitted or was disqualified (lib/teams/release.ts, audited). */
export async function releaseParticipationAction(form: FormData) {
  await organizerAction(form, async ({ viewer, facts, form }) => {
    await releaseHeldParticipation(viewer, facts.slug, field(form, "user"));
    return "Participation released: they may now join or register another team in this challenge.";
  });
}
