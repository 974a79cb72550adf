"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_components/account/action-state";
import { getViewer } from "@/lib/auth/session";
import { registerTeamForChallenge } from "@/lib/teams";
import { formText } from "@/lib/form-data";

/** The challenge page's "Register your team": on success the page re-renders with the submit links. */
export async function registerFromChallengePageAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const challenge = formText(form, "challenge");
    const team = await registerTeamForChallenge(await getViewer(), challenge, formText(form, "teamSlug"));
    revalidatePath(`/c/${challenge}`);
    return { success: team.created ? `Registered for ${challenge}.` : "Your team was already registered." };
  });
}
