// Sign-up answers a taken email exactly as it answers a free one (real server, next-auth's handler):
// same status, same body, no session either way. Signing in afterwards works only with the right password.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createUser } from "../helpers/factories";
import { postCredentials } from "../api/auth-http";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = await getBaseUrl();
}, SERVER_STARTUP_TIMEOUT_MS);

const SESSION_COOKIE = "next-auth.session-token";

describe("sign-up does not reveal which emails have accounts", () => {
  it("a taken email gets the same status and body as a free one, and neither is signed in", async () => {
    const existing = await createUser({ password: "correct horse 42" });
    const free = `free-${randomUUID().slice(0, 8)}@example.test`;
    const taken = await postCredentials(baseUrl, "signup", { email: existing.email, password: "battery staple 7" });
    const fresh = await postCredentials(baseUrl, "signup", { email: free, password: "battery staple 7" });

    expect(taken.res.status).toBe(fresh.res.status);
    expect(taken.body).toEqual(fresh.body);
    expect(JSON.stringify(taken.body)).not.toContain(existing.email);
    expect(taken.jar.has(SESSION_COOKIE)).toBe(false);
    expect(fresh.jar.has(SESSION_COOKIE)).toBe(false);
    expect(await prisma.user.count({ where: { email: free } })).toBe(1);

    // The form then signs in with what was typed: only the new account's owner gets in.
    const ownNew = await postCredentials(baseUrl, "credentials", { email: free, password: "battery staple 7" });
    expect(ownNew.error).toBeNull();
    expect(ownNew.jar.has(SESSION_COOKIE)).toBe(true);
    const intruder = await postCredentials(baseUrl, "credentials", { email: existing.email, password: "battery staple 7" });
    expect(intruder.error).toBe("CredentialsSignin");
  });
});
