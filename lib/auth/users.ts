import "server-only";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, type Problem } from "@/lib/errors";
import { emailProblem, normalizeEmail } from "./emails";
import { burnPasswordCheckTime, hashPassword, passwordProblems, verifyPassword } from "./passwords";
import { denial } from "./errors";
import { canManageAccount } from "./policy/account";
import { viewerFromUser, type SignedInViewer, type Viewer } from "./viewer";

/** Sign-up refused because of the input; `problems` are shown on the form as they are. */
export class SignUpError extends AppError {
  constructor(code: "invalid_sign_up" | "email_taken", problems: Problem[]) {
    super({ status: code === "email_taken" ? 409 : 400, code, message: problems.map((p) => p.message).join(" "), problems });
  }
}

export type NewUser = { email: string; password: string; name?: string | null; role?: "USER" | "ADMIN" };

const userFields = { id: true, email: true, name: true, role: true, canCreateChallenges: true } as const;
export type AccountUser = Prisma.UserGetPayload<{ select: typeof userFields }>;

export async function createUserWithPassword(input: NewUser): Promise<AccountUser> {
  const email = normalizeEmail(input.email);
  const emailIssue = emailProblem(email);
  const problems: Problem[] = [
    ...(emailIssue ? [{ path: "email", message: emailIssue }] : []),
    ...passwordProblems(input.password, email).map((message) => ({ path: "password", message })),
  ];
  const name = input.name?.trim() || null;
  if (name && name.length > 100) problems.push({ path: "name", message: "Name is longer than 100 characters." });
  if (problems.length > 0) throw new SignUpError("invalid_sign_up", problems);
  try {
    return await prisma.user.create({
      data: { email, name, role: input.role ?? "USER", passwordHash: await hashPassword(input.password) },
      select: userFields,
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new SignUpError("email_taken", [{ path: "email", message: `An account for ${email} already exists. Sign in instead.` }]);
    }
    throw err;
  }
}

/**
 * Sign-up from the public form: creates the account, or does nothing when the email already has one,
 * after the same work (one password hash, one insert). Callers answer both alike (SIGN_UP_RECEIVED),
 * so sign-up does not reveal which emails have accounts. Problems with the input are still reported.
 */
export async function signUp(input: { email: string; password: string; name?: string | null }): Promise<void> {
  try {
    await createUserWithPassword({ ...input, role: "USER" });
  } catch (err) {
    if (err instanceof SignUpError && err.code === "email_taken") return;
    throw err;
  }
}

/** The user for this email and password, or null (same answer and timing for unknown emails and wrong passwords). */
export async function verifyCredentials(emailInput: string, password: string): Promise<AccountUser | null> {
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(emailInput) },
    select: { ...userFields, passwordHash: true },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheckTime(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const { passwordHash: _hash, ...account } = user;
  return account;
}

export async function findSignedInViewer(userId: string): Promise<SignedInViewer | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: userFields });
  return user ? viewerFromUser(user) : null;
}

/** Admin-only elsewhere (see policy canGrantChallengeCreation); this only writes. */
export async function setCanCreateChallenges(userId: string, allowed: boolean): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { canCreateChallenges: allowed } });
}

/** A password change refused because of the input (wrong current password, weak new one, no password). */
export class PasswordChangeError extends AppError {
  constructor(code: "wrong_password" | "invalid_password" | "no_password", message: string, problems: Problem[] = []) {
    super({ status: code === "wrong_password" ? 403 : 400, code, message, problems });
  }
}

/**
 * Sets a new password after checking the current one, and ends every session of the account (this one
 * included): whoever had a copy of a session cookie is signed out with the old password.
 */
export async function changePassword(
  viewer: Viewer,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  if (!canManageAccount(viewer, { userId: input.userId })) {
    throw denial(viewer, { canSee: false, what: "Account", action: "change this password" });
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true, passwordHash: true } });
  if (!user.passwordHash) {
    throw new PasswordChangeError("no_password", "This account signs in through an external provider and has no password here.");
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new PasswordChangeError("wrong_password", "The current password is wrong.");
  }
  const problems = passwordProblems(input.newPassword, user.email);
  if (problems.length > 0) {
    throw new PasswordChangeError(
      "invalid_password",
      problems.join(" "),
      problems.map((message) => ({ path: "newPassword", message })),
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: input.userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId: input.userId } }),
  ]);
}

/** Whether the account signs in with a password here (not only through GitHub or single sign-on). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}
