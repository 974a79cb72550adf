import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { viewerFromApiToken } from "@/lib/auth/tokens";
import { verifyCredentials } from "@/lib/auth/users";
import { uniqueSuffix } from "../../helpers/factories";
import { runProcess, type ProcessRun } from "../../helpers/run-process";

function admin(args: string[], stdin = ""): Promise<ProcessRun> {
  return runProcess("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/admin.ts", ...args], { stdin });
}

describe("npm run admin", () => {
  it("create-user reads the password from stdin; create-token prints a working token", async () => {
    const email = `cli-${uniqueSuffix()}@example.test`;
    const created = await admin(["create-user", "--email", email, "--password-stdin", "--admin", "--name", "Root"], "correct horse 42\n");
    expect(created.stderr).toContain(`Created admin ${email}`);
    expect(created.code).toBe(0);
    const user = await verifyCredentials(email, "correct horse 42");
    expect(user).toMatchObject({ email, role: "ADMIN", name: "Root" });

    const token = await admin(["create-token", "--email", email, "--name", "demo"]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^mb_[A-Za-z0-9_-]{43}$/);
    expect((await viewerFromApiToken(token.stdout.trim())).userId).toBe(user!.id);
    expect(await prisma.apiToken.count({ where: { userId: user!.id, name: "demo" } })).toBe(1);
  });

  it("explains bad arguments and weak passwords", async () => {
    const weak = await admin(["create-user", "--email", `weak-${uniqueSuffix()}@example.test`, "--password-stdin"], "short\n");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 10/);
    const unknown = await admin(["create-token", "--email", "nobody@example.test"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no user with email nobody@example.test/);
    const typo = await admin(["creat-user"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown command "creat-user"\. Commands: .*create-user/);
  });
});
