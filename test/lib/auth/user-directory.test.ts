// The admin user directory (/admin/users): only site admins see it; everyone else gets 404.
import { describe, expect, it } from "vitest";
import { canAdministerUsers } from "@/lib/auth/policy";
import { listUsersForAdmin } from "@/lib/auth/user-directory";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createUser, uniqueSuffix } from "../../helpers/factories";

describe("the user directory", () => {
  it("policy: site admins only (not challenge creators, not anonymous)", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const creator = await createUser({ canCreateChallenges: true });
    const user = await createUser();
    expect(canAdministerUsers(admin.viewer)).toBe(true);
    expect(canAdministerUsers(creator.viewer)).toBe(false);
    expect(canAdministerUsers(user.viewer)).toBe(false);
    expect(canAdministerUsers(anonymousViewer)).toBe(false);
    // A stale viewer claiming ADMIN without a user id is not an admin.
    expect(canAdministerUsers({ ...anonymousViewer, role: "ADMIN" })).toBe(false);
  });

  it("refuses everyone but admins with 404", async () => {
    const creator = await createUser({ canCreateChallenges: true });
    for (const viewer of [anonymousViewer, creator.viewer])
      await expect(listUsersForAdmin(viewer)).rejects.toMatchObject({ name: "AuthError", status: 404 });
  });

  it("lists users with their rights and searches by email (case-insensitive)", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const tag = `dir${uniqueSuffix()}`.toLowerCase();
    const alice = await createUser({ email: `alice-${tag}@example.test`, name: "Alice", canCreateChallenges: true });
    const bob = await createUser({ email: `bob-${tag}@example.test` });

    const all = await listUsersForAdmin(admin.viewer);
    expect(all.users.map((u) => u.id)).toEqual(expect.arrayContaining([admin.id, alice.id, bob.id]));

    const found = await listUsersForAdmin(admin.viewer, `  ALICE-${tag.toUpperCase()} `);
    expect(found.total).toBe(1);
    expect(found.users).toEqual([
      { id: alice.id, email: alice.email, name: "Alice", role: "USER", canCreateChallenges: true, createdAt: expect.any(Date) },
    ]);
    expect((await listUsersForAdmin(admin.viewer, tag)).users.map((u) => u.email).sort()).toEqual([alice.email, bob.email]);
    expect(await listUsersForAdmin(admin.viewer, `nobody-${tag}`)).toEqual({ users: [], total: 0 });
  });
});
