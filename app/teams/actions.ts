"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/app/_components/account/action-state";
import { env } from "@/lib/config";
import { getViewer } from "@/lib/auth/session";
import {
  createInvite,
  createTeam,
  joinTeamWithCode,
  leaveTeam,
  registerTeamForChallenge,
  removeMember,
  revokeInvite,
  transferOwnership,
} from "@/lib/teams";
import { formText } from "@/lib/form-data";

const text = (form: FormData, name: string) => formText(form, name);

export async function createTeamAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let slug = "";
  const result = await runAction(async () => {
    slug = (await createTeam(await getViewer(), { name: text(form, "name") })).slug;
  });
  if (result?.error) return result;
  redirect(`/teams/${slug}`);
}

export async function createInviteAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const days = Number(text(form, "days") || "7");
    const invite = await createInvite(await getViewer(), text(form, "teamId"), { expiresInHours: days * 24 });
    revalidatePath(`/teams/${text(form, "teamSlug")}`);
    return {
      secret: new URL(invite.path, env.NEXTAUTH_URL).toString(),
      secretLabel: `Join link, valid until ${invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Copy it now: it is shown only once.`,
    };
  });
}

export async function revokeInviteAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await revokeInvite(await getViewer(), text(form, "inviteId"));
    revalidatePath(`/teams/${text(form, "teamSlug")}`);
    return { success: "Invite revoked." };
  });
}

export async function removeMemberAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await removeMember(await getViewer(), text(form, "teamId"), text(form, "userId"));
    revalidatePath(`/teams/${text(form, "teamSlug")}`);
    return { success: "Member removed." };
  });
}

export async function transferOwnershipAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await transferOwnership(await getViewer(), text(form, "teamId"), text(form, "userId"));
    revalidatePath(`/teams/${text(form, "teamSlug")}`);
    return { success: "Ownership transferred." };
  });
}

export async function leaveTeamAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const result = await runAction(async () => {
    await leaveTeam(await getViewer(), text(form, "teamId"));
  });
  if (result?.error) return result;
  redirect("/teams");
}

export async function registerAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const challenge = text(form, "challenge");
  const teamSlug = text(form, "teamSlug");
  const result = await runAction(async () => {
    await registerTeamForChallenge(await getViewer(), challenge, teamSlug);
  });
  if (result?.error) return result;
  // The form disappears with the last open challenge, and its message with it: the page confirms instead.
  redirect(`/teams/${encodeURIComponent(teamSlug)}?registered=${encodeURIComponent(challenge)}`);
}

export async function joinTeamAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let slug = "";
  const result = await runAction(async () => {
    slug = (await joinTeamWithCode(await getViewer(), text(form, "code"))).slug;
  });
  if (result?.error) return result;
  redirect(`/teams/${slug}`);
}
