"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_components/account/action-state";
import { setChallengeCreationRight } from "@/lib/auth/challenge-creators";
import { getViewer } from "@/lib/auth/session";
import { formText } from "@/lib/form-data";

/** Grants (allowed=true) or revokes a user's right to create challenges; lib/auth refuses non-admins. */
export async function setChallengeCreationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const allowed = form.get("allowed") === "true";
    const result = await setChallengeCreationRight(await getViewer(), formText(form, "email"), allowed);
    revalidatePath("/admin/users");
    return { success: `${result.email} ${result.canCreateChallenges ? "may now create challenges" : "may no longer create challenges"}.` };
  });
}
