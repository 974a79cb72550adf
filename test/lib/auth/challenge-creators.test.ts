import { describe, expect, it } from "vitest";
import { setChallengeCreationRight } from "@/lib/auth/challenge-creators";
import { findSignedInViewer } from "@/lib/auth/users";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createUser } from "../../helpers/factories";

describe("granting the right to create challenges", () => {
  it("is for site admins only, and takes effect for the user at once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const creator = await createUser({ canCreateChallenges: true });
    const user = await createUser();

    await expect(setChallengeCreationRight(creator.viewer, user.email, true)).rejects.toMatchObject({ status: 403 });
    await expect(setChallengeCreationRight(anonymousViewer, user.email, true)).rejects.toMatchObject({ status: 401 });
    expect((await findSignedInViewer(user.id))?.canCreateChallenges).toBe(false);

    await setChallengeCreationRight(admin.viewer, user.email.toUpperCase(), true);
    expect((await findSignedInViewer(user.id))?.canCreateChallenges).toBe(true);
    await setChallengeCreationRight(admin.viewer, user.email, false);
    expect((await findSignedInViewer(user.id))?.canCreateChallenges).toBe(false);
    await expect(setChallengeCreationRight(admin.viewer, "nobody@example.test", true)).rejects.toMatchObject({ status: 404 });
  });
});
