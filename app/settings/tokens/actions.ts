"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_components/account/action-state";
import { requireSignedIn } from "@/lib/auth/require";
import { getViewer } from "@/lib/auth/session";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { formText } from "@/lib/form-data";

export async function createTokenAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const viewer = requireSignedIn(await getViewer(), "create API tokens");
    const { token } = await createApiToken(viewer.userId, formText(form, "name"));
    revalidatePath("/settings/tokens");
    return {
      secret: token,
      secretLabel: "Your new token. Copy it now: it is shown only once (we keep only its hash).",
    };
  });
}

export async function revokeTokenAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await revokeApiToken(await getViewer(), formText(form, "tokenId"));
    revalidatePath("/settings/tokens");
    return { success: "Revoked." };
  });
}
