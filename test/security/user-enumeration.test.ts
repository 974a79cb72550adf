// Sign-up and sign-in do the same work whether or not an account exists, so neither their answers nor
// their time tell which emails have accounts. Work is counted, not timed: argon2 calls and the length
// of what each hashes (the library is wrapped by pass-through spies; everything else is real).
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as argon2 from "@node-rs/argon2";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/passwords";
import { signUp, verifyCredentials } from "@/lib/auth/users";
import { prisma } from "@/lib/db";
import { createUser } from "../helpers/factories";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof argon2>();
  return { ...actual, hash: vi.fn(actual.hash), verify: vi.fn(actual.verify) };
});

const hashCalls = () => vi.mocked(argon2.hash).mock.calls.map(([input]) => String(input).length);
const verifyCalls = () => vi.mocked(argon2.verify).mock.calls.map(([, input]) => String(input).length);
const PASSWORD = "correct horse 42";

beforeEach(() => {
  vi.mocked(argon2.hash).mockClear();
  vi.mocked(argon2.verify).mockClear();
});

describe("sign-up does the same work for a free and a taken email", () => {
  it("one hash of the password either way, and no answer that differs", async () => {
    const existing = await createUser({ password: PASSWORD });
    vi.mocked(argon2.hash).mockClear();

    await expect(signUp({ email: `free-${randomUUID()}@example.test`, password: "battery staple 7" })).resolves.toBeUndefined();
    const free = hashCalls();
    vi.mocked(argon2.hash).mockClear();
    await expect(signUp({ email: existing.email.toUpperCase(), password: "battery staple 7" })).resolves.toBeUndefined();
    const taken = hashCalls();

    expect(free).toEqual(["battery staple 7".length]);
    expect(taken).toEqual(free);
    // The taken account is untouched (its password still works, the new one does not).
    expect(await verifyCredentials(existing.email, PASSWORD)).not.toBeNull();
    expect(await verifyCredentials(existing.email, "battery staple 7")).toBeNull();
    expect(await prisma.user.count({ where: { email: existing.email } })).toBe(1);
  });
});

describe("sign-in does the same work for unknown and known accounts", () => {
  it("one argon2 verification of at most PASSWORD_MAX_LENGTH characters, whatever the password length", async () => {
    const known = await createUser({ password: PASSWORD });
    const unknown = `nobody-${randomUUID()}@example.test`;
    await verifyCredentials(unknown, "warm up the dummy hash");
    const long = "x1".repeat(PASSWORD_MAX_LENGTH); // twice the limit

    const work = async (email: string, password: string) => {
      vi.mocked(argon2.verify).mockClear();
      vi.mocked(argon2.hash).mockClear();
      expect(await verifyCredentials(email, password)).toBeNull();
      return { verify: verifyCalls(), hash: hashCalls() };
    };

    const knownLong = await work(known.email, long);
    const unknownLong = await work(unknown, long);
    expect(knownLong).toEqual({ verify: [PASSWORD_MAX_LENGTH], hash: [] });
    expect(unknownLong).toEqual(knownLong);

    const knownWrong = await work(known.email, "wrong horse 42");
    const unknownWrong = await work(unknown, "wrong horse 42");
    expect(knownWrong).toEqual({ verify: ["wrong horse 42".length], hash: [] });
    expect(unknownWrong).toEqual(knownWrong);
  });

  it("a password longer than the limit never signs in, even when its first characters are right", async () => {
    const password = "a1".repeat(PASSWORD_MAX_LENGTH / 2); // exactly the limit
    const user = await createUser({ password });
    expect(await verifyCredentials(user.email, password)).not.toBeNull();
    expect(await verifyCredentials(user.email, password + "zz")).toBeNull();
  });
});
