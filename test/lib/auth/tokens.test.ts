import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { AuthError } from "@/lib/auth/errors";
import { createApiToken, listApiTokens, revokeApiToken, viewerFromApiToken } from "@/lib/auth/tokens";
import { hashApiToken } from "@/lib/auth/token-format";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createUser } from "../../helpers/factories";

async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

describe("API tokens", () => {
  it("are created, used (lastUsedAt recorded) and listed without their secret", async () => {
    const user = await createUser();
    const { token, id, prefix } = await createApiToken(user.id, "  laptop  ");
    expect(token).toMatch(/^mb_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);

    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.lastUsedAt).toBeNull();

    const viewer = await viewerFromApiToken(token);
    expect(viewer).toEqual({ userId: user.id, email: user.email, role: "USER", canCreateChallenges: false });
    const used = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(used.lastUsedAt).not.toBeNull();

    const listed = await listApiTokens(user.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, name: "laptop", prefix, revokedAt: null });
    expect(Object.keys(listed[0])).not.toContain("tokenHash");
  });

  it("reflect the user's current role (read fresh, not from the token)", async () => {
    const user = await createUser();
    const { token } = await createApiToken(user.id, "ci");
    await prisma.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
    expect((await viewerFromApiToken(token)).role).toBe("ADMIN");
  });

  it("stop working once revoked, with a 401 invalid_token that says so", async () => {
    const user = await createUser();
    const { token, id } = await createApiToken(user.id, "old");
    await revokeApiToken(user.viewer, id);
    await revokeApiToken(user.viewer, id); // idempotent
    const err = await authErrorOf(viewerFromApiToken(token));
    expect(err.status).toBe(401);
    expect(err.code).toBe("invalid_token");
    expect(err.message).toMatch(/revoked/);
  });

  it("refuse unknown and malformed tokens", async () => {
    const unknown = await authErrorOf(viewerFromApiToken("mb_" + "x".repeat(43)));
    expect([unknown.status, unknown.code]).toEqual([401, "invalid_token"]);
    expect(unknown.message).toMatch(/unknown/);
    const malformed = await authErrorOf(viewerFromApiToken("ghp_abc"));
    expect([malformed.status, malformed.code]).toEqual([401, "invalid_token"]);
  });

  it("can be revoked only by their owner", async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const { token, id } = await createApiToken(owner.id, "mine");
    expect((await authErrorOf(revokeApiToken(other.viewer, id))).status).toBe(404);
    expect((await authErrorOf(revokeApiToken(admin.viewer, id))).status).toBe(404);
    expect((await authErrorOf(revokeApiToken(anonymousViewer, id))).status).toBe(401);
    expect((await viewerFromApiToken(token)).userId).toBe(owner.id);
  });

  it("need a name", async () => {
    const user = await createUser();
    await expect(createApiToken(user.id, "   ")).rejects.toMatchObject({ status: 400, code: "invalid_token_name" });
  });
});
