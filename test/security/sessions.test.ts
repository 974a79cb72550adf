// Server-side sessions (lib/auth/sessions.ts): a session cookie is only as good as its Session row.
// Idle sessions end, tokens without a session id are refused, and only the owner ends their sessions.
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { prisma } from "@/lib/db";
import { env } from "@/lib/config";
import { AuthError } from "@/lib/auth/errors";
import { viewerFromSessionToken } from "@/lib/auth/session-cookie";
import { countLiveSessions, endAllSessions, endSession, SESSION_IDLE_MS, startSession } from "@/lib/auth/sessions";
import { changePassword, PasswordChangeError, verifyCredentials } from "@/lib/auth/users";
import { createUser } from "../helpers/factories";

const PASSWORD = "correct horse 42";

async function cookieValue(claims: Record<string, unknown>): Promise<string> {
  return encode({ token: claims, secret: env.NEXTAUTH_SECRET });
}

describe("server-side sessions", () => {
  it("a token naming a live session is the user; after endSession it is anonymous", async () => {
    const user = await createUser();
    const sid = await startSession(user.id);
    const token = await cookieValue({ sub: user.id, sid });
    expect((await viewerFromSessionToken(token)).userId).toBe(user.id);
    await endSession(sid);
    expect((await viewerFromSessionToken(token)).userId).toBeNull();
  });

  it("refuses a token without a session id (a cookie from before sessions could never be revoked)", async () => {
    const user = await createUser();
    expect((await viewerFromSessionToken(await cookieValue({ sub: user.id }))).userId).toBeNull();
  });

  it("refuses a session id of another user", async () => {
    const [owner, other] = [await createUser(), await createUser()];
    const sid = await startSession(owner.id);
    expect((await viewerFromSessionToken(await cookieValue({ sub: other.id, sid }))).userId).toBeNull();
  });

  it("ends a session idle for SESSION_IDLE_DAYS and slides the deadline of one in use", async () => {
    const user = await createUser();
    const idle = await startSession(user.id);
    await prisma.session.update({ where: { sessionToken: idle }, data: { expires: new Date(Date.now() - 1000) } });
    expect((await viewerFromSessionToken(await cookieValue({ sub: user.id, sid: idle }))).userId).toBeNull();
    expect(await prisma.session.count({ where: { sessionToken: idle } })).toBe(0);

    const used = await startSession(user.id);
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await prisma.session.update({ where: { sessionToken: used }, data: { expires: soon } });
    expect((await viewerFromSessionToken(await cookieValue({ sub: user.id, sid: used }))).userId).toBe(user.id);
    const slid = await prisma.session.findUniqueOrThrow({ where: { sessionToken: used } });
    expect(slid.expires.getTime()).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - 60 * 60 * 1000);
  });

  it("sign out everywhere ends every session of the owner, and nobody else may do it", async () => {
    const [owner, other] = [await createUser(), await createUser({ role: "ADMIN" })];
    const tokens = await Promise.all([1, 2, 3].map(async () => cookieValue({ sub: owner.id, sid: await startSession(owner.id) })));
    expect(await countLiveSessions(owner.viewer, owner.id)).toBe(3);
    await expect(endAllSessions(other.viewer, owner.id)).rejects.toBeInstanceOf(AuthError);
    await expect(countLiveSessions(other.viewer, owner.id)).rejects.toBeInstanceOf(AuthError);
    expect(await endAllSessions(owner.viewer, owner.id)).toBe(3);
    for (const token of tokens) expect((await viewerFromSessionToken(token)).userId).toBeNull();
  });

  it("a password change checks the current password, then ends every session", async () => {
    const user = await createUser({ password: PASSWORD });
    const token = await cookieValue({ sub: user.id, sid: await startSession(user.id) });
    const change = (currentPassword: string, newPassword: string) =>
      changePassword(user.viewer, { userId: user.id, currentPassword, newPassword });

    await expect(change("wrong horse 42", "battery staple 7")).rejects.toMatchObject({ code: "wrong_password" });
    await expect(change(PASSWORD, "short")).rejects.toBeInstanceOf(PasswordChangeError);
    expect((await viewerFromSessionToken(token)).userId).toBe(user.id);

    await change(PASSWORD, "battery staple 7");
    expect((await viewerFromSessionToken(token)).userId).toBeNull();
    expect(await verifyCredentials(user.email, "battery staple 7")).not.toBeNull();
    expect(await verifyCredentials(user.email, PASSWORD)).toBeNull();

    const intruder = await createUser();
    await expect(changePassword(intruder.viewer, { userId: user.id, currentPassword: "x", newPassword: "y" })).rejects.toBeInstanceOf(
      AuthError,
    );
  });
});
