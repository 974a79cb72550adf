import { createHash, randomBytes } from "node:crypto";

/** 144 random bits: unguessable, and short enough for a link. */
export function generateInviteCode(): string {
  return randomBytes(18).toString("base64url");
}

/** Invites store only this hash; the code exists only in the link the owner shares. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

export function invitePath(code: string): string {
  return `/teams/join/${code}`;
}
