import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblems, verifyPassword } from "@/lib/auth/passwords";

describe("password rules", () => {
  it("accepts a long mixed password", () => {
    expect(passwordProblems("correct horse 42", "a@b.test")).toEqual([]);
  });
  it.each([
    ["short1!", "at least 10"],
    ["onlyletterslong", "only letters or only digits"],
    ["12345678901234", "only letters or only digits"],
    ["x".repeat(150) + "1".repeat(60), "at most 200"],
  ])("refuses %j (%s)", (password, message) => {
    expect(passwordProblems(password).join(" ")).toContain(message);
  });
  it("refuses the email address as password", () => {
    expect(passwordProblems("Ann.1@example.test", "ann.1@example.test").join(" ")).toContain("email");
  });
});

describe("password hashing", () => {
  it("uses argon2id and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse 42");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "correct horse 42")).toBe(true);
    expect(await verifyPassword(stored, "correct horse 43")).toBe(false);
    expect(await verifyPassword("not a hash", "correct horse 42")).toBe(false);
  });
});
