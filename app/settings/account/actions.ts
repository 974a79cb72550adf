"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/app/_components/account/action-state";
import { requireSignedIn } from "@/lib/auth/require";
import { getViewer } from "@/lib/auth/session";
import { SESSION_COOKIE_NAME, useSecureCookies } from "@/lib/auth/session-cookie";
import { endAllSessions } from "@/lib/auth/sessions";
import { changePassword } from "@/lib/auth/users";
import { formText } from "@/lib/form-data";

async function dropSessionCookie(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE_NAME, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: useSecureCookies });
}

export async function signOutEverywhereAction(_state: ActionState, _form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const viewer = requireSignedIn(await getViewer(), "sign out everywhere");
    await endAllSessions(viewer, viewer.userId);
    await dropSessionCookie();
    redirect("/signin?ok=signed_out_everywhere");
  });
}

export async function changePasswordAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const viewer = requireSignedIn(await getViewer(), "change your password");
    await changePassword(viewer, {
      userId: viewer.userId,
      currentPassword: formText(form, "currentPassword"),
      newPassword: formText(form, "newPassword"),
    });
    await dropSessionCookie();
    redirect("/signin?ok=password_changed");
  });
}
