import "server-only";
import { prisma } from "@/lib/db";
import { invalidToken, notFound, unauthenticated } from "./errors";
import { InputError } from "./input-error";
import { canManageApiToken } from "./policy/token";
import { displayPrefix, generateApiTokenSecret, hashApiToken, looksLikeApiToken } from "./token-format";
import { viewerFromUser, type SignedInViewer, type Viewer } from "./viewer";

/** lastUsedAt is informational: writing it on every request would add a write to every API call. */
const LAST_USED_RESOLUTION_MS = 60_000;
const TOKEN_NAME_MAX = 100;

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Creates a token for a user. The returned `token` is the only copy: only its sha256 is stored. */
export async function createApiToken(userId: string, name: string): Promise<{ token: string; id: string; prefix: string }> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > TOKEN_NAME_MAX) {
    throw new InputError(400, "invalid_token_name", `Token name must be 1-${TOKEN_NAME_MAX} characters (got ${trimmed.length}).`);
  }
  const token = generateApiTokenSecret();
  const prefix = displayPrefix(token);
  const row = await prisma.apiToken.create({
    data: { userId, name: trimmed, tokenHash: hashApiToken(token), prefix },
    select: { id: true },
  });
  return { token, id: row.id, prefix };
}

export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  return prisma.apiToken.findMany({
    where: { userId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revokes one of the viewer's own tokens. Idempotent; another user's token is reported as not found. */
export async function revokeApiToken(viewer: Viewer, tokenId: string): Promise<void> {
  const token = await prisma.apiToken.findUnique({ where: { id: tokenId }, select: { userId: true, revokedAt: true } });
  if (!token || !canManageApiToken(viewer, { ownerId: token.userId })) {
    if (viewer.userId === null) throw unauthenticated("Sign in to revoke API tokens.");
    throw notFound(`API token ${tokenId} not found among your tokens.`);
  }
  if (token.revokedAt) return;
  await prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
}

const HOW_TO_FIX = "Create a new token under Settings → API tokens and send it as 'Authorization: Bearer mb_...'.";

/** The viewer a Bearer token stands for; throws AuthError 401 invalid_token for unknown or revoked tokens. */
export async function viewerFromApiToken(token: string): Promise<SignedInViewer> {
  if (!looksLikeApiToken(token)) {
    throw invalidToken(`The bearer token is not a Maskboard API token (expected "mb_" followed by 43 characters). ${HOW_TO_FIX}`);
  }
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, role: true, canCreateChallenges: true } },
    },
  });
  if (!row) throw invalidToken(`This API token is unknown. ${HOW_TO_FIX}`);
  if (row.revokedAt) {
    throw invalidToken(`This API token (${displayPrefix(token)}…) was revoked on ${row.revokedAt.toISOString()}. ${HOW_TO_FIX}`);
  }
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return viewerFromUser(row.user);
}
