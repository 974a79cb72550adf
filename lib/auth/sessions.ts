import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { canManageAccount } from "./policy/account";
import { denial } from "./errors";
import { viewerFromUser, type SignedInViewer, type Viewer } from "./viewer";

// Server-side sessions. The next-auth JWT cookie carries a random session id (`sid`) besides the user
// id; the Session row (prisma/schema.prisma) with that id must exist and be unexpired on every request.
// Sign-out deletes the row, "sign out everywhere" and a password change delete all of the user's rows,
// so a copied cookie stops working at once. No in-process cache: the check is one lookup by the unique
// sessionToken index that also reads the user (it replaces the user lookup every request already made).

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session unused for this long ends (SESSION_IDLE_DAYS). */
export const SESSION_IDLE_MS = env.SESSION_IDLE_DAYS * DAY_MS;
/** Sliding the idle deadline costs a write: do it at most this often per session. */
const SLIDE_EVERY_MS = Math.min(60 * 60 * 1000, SESSION_IDLE_MS / 10);

const userFields = { id: true, email: true, role: true, canCreateChallenges: true } as const;

/** Opens a session for a user who just signed in; returns its id (`sid` in the JWT). */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  // Sweeping this user's ended sessions here keeps the table from growing without a scheduled job.
  await prisma.session.deleteMany({ where: { userId, expires: { lte: now } } });
  await prisma.session.create({ data: { sessionToken: sid, userId, expires: new Date(now.getTime() + SESSION_IDLE_MS) } });
  return sid;
}

/**
 * The viewer of a live session: the row exists, belongs to this user and has not been idle too long.
 * Null otherwise (signed out, signed out everywhere, password changed, idle, user deleted).
 */
export async function viewerOfLiveSession(sid: string, userId: string, now = new Date()): Promise<SignedInViewer | null> {
  const row = await prisma.session.findUnique({
    where: { sessionToken: sid },
    select: { userId: true, expires: true, user: { select: userFields } },
  });
  if (!row || row.userId !== userId) return null;
  const left = row.expires.getTime() - now.getTime();
  if (left <= 0) {
    await prisma.session.deleteMany({ where: { sessionToken: sid } });
    return null;
  }
  if (left < SESSION_IDLE_MS - SLIDE_EVERY_MS) {
    await prisma.session.updateMany({ where: { sessionToken: sid }, data: { expires: new Date(now.getTime() + SESSION_IDLE_MS) } });
  }
  return viewerFromUser(row.user);
}

/** Sign-out: this one session ends. */
export async function endSession(sid: string): Promise<void> {
  await prisma.session.deleteMany({ where: { sessionToken: sid } });
}

/** "Sign out everywhere" (and after a password change): every session of the user ends. Returns how many. */
export async function endAllSessions(viewer: Viewer, userId: string): Promise<number> {
  if (!canManageAccount(viewer, { userId })) {
    throw denial(viewer, { canSee: false, what: "Sessions", action: "end these sessions" });
  }
  const { count } = await prisma.session.deleteMany({ where: { userId } });
  return count;
}

/** How many live sessions (browsers signed in) the user has; the viewer sees only their own. */
export async function countLiveSessions(viewer: Viewer, userId: string, now = new Date()): Promise<number> {
  if (!canManageAccount(viewer, { userId })) {
    throw denial(viewer, { canSee: false, what: "Sessions", action: "see these sessions" });
  }
  return prisma.session.count({ where: { userId, expires: { gt: now } } });
}
