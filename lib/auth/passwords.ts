import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 hashes the whole input; cap it so a megabyte "password" cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 200;

/** Shown on the sign-up form; the same rules are enforced by validatePassword. */
export const PASSWORD_RULES: readonly string[] = [
  `At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_LENGTH}).`,
  "Not only letters or only digits: mix in at least one other kind of character.",
  "Not your email address.",
];

/** The problems with a proposed password, in words for the form; empty when it is acceptable. */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`Password is ${password.length} characters long; use at least ${PASSWORD_MIN_LENGTH}.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`Password is ${password.length} characters long; use at most ${PASSWORD_MAX_LENGTH}.`);
  }
  if (/^[A-Za-z]*$/.test(password) || /^[0-9]*$/.test(password)) {
    problems.push("Password has only letters or only digits; add a digit, a symbol or a letter.");
  }
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    problems.push("Password must not be your email address.");
  }
  return problems;
}

// OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane). @node-rs/argon2 defaults to argon2id.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Whether `password` matches. Always one argon2 verification of at most PASSWORD_MAX_LENGTH characters:
 * an over-long password is refused after the same work, so its answer time does not tell whether the
 * account exists (the unknown-account path verifies against a dummy hash the same way).
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const tooLong = password.length > PASSWORD_MAX_LENGTH;
  try {
    const matches = await verify(passwordHash, password.slice(0, PASSWORD_MAX_LENGTH));
    return matches && !tooLong;
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the account does not exist makes "unknown email" and "wrong password"
 * take the same time, so response timing does not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("maskboard-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
