import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { canManageTeam } from "@/lib/auth/policy";
import { authorizeTeam } from "@/lib/auth/require";
import type { Viewer } from "@/lib/auth/viewer";
import { generateInviteCode, hashInviteCode, invitePath } from "./invite-code";

export const INVITE_DEFAULT_HOURS = 7 * 24;
export const INVITE_MAX_HOURS = 30 * 24;

export type CreatedInvite = { id: string; code: string; path: string; expiresAt: Date };

/** A new join link for the team (owner only). The code is returned once; only its sha256 is stored. */
export async function createInvite(viewer: Viewer, teamId: string, opts: { expiresInHours?: number } = {}): Promise<CreatedInvite> {
  await authorizeTeam(viewer, teamId, canManageTeam, "invite members to this team");
  const hours = opts.expiresInHours ?? INVITE_DEFAULT_HOURS;
  if (!(hours > 0 && hours <= INVITE_MAX_HOURS)) {
    throw new InputError(400, "invalid_invite_expiry", `An invite must expire within 1 to ${INVITE_MAX_HOURS} hours (got ${hours}).`);
  }
  const code = generateInviteCode();
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  const invite = await prisma.teamInvite.create({
    data: { teamId, codeHash: hashInviteCode(code), createdById: viewer.userId, expiresAt },
    select: { id: true },
  });
  return { id: invite.id, code, path: invitePath(code), expiresAt };
}

export async function revokeInvite(viewer: Viewer, inviteId: string): Promise<void> {
  const invite = await prisma.teamInvite.findUnique({ where: { id: inviteId }, select: { teamId: true, revokedAt: true } });
  if (!invite) throw notFound("Invite not found.");
  await authorizeTeam(viewer, invite.teamId, canManageTeam, "revoke this team's invites");
  if (invite.revokedAt) return;
  await prisma.teamInvite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
}

export type InviteSummary = {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  createdBy: string | null;
  state: "active" | "expired" | "revoked";
};

export async function listInvites(viewer: Viewer, teamId: string): Promise<InviteSummary[]> {
  await authorizeTeam(viewer, teamId, canManageTeam, "see this team's invites");
  const invites = await prisma.teamInvite.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true, revokedAt: true, createdBy: { select: { email: true } } },
  });
  const now = new Date();
  return invites.map((i) => ({
    id: i.id,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
    revokedAt: i.revokedAt,
    createdBy: i.createdBy?.email ?? null,
    state: i.revokedAt ? "revoked" : i.expiresAt <= now ? "expired" : "active",
  }));
}
