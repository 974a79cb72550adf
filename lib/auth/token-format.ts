import { createHash, randomBytes } from "node:crypto";

/** Every API token starts with this, so secret scanners and humans recognise it. */
export const API_TOKEN_PREFIX = "mb_";
const TOKEN_BYTES = 32;
/** "mb_" + 43 base64url characters. */
export const API_TOKEN_LENGTH = API_TOKEN_PREFIX.length + Math.ceil((TOKEN_BYTES * 4) / 3);
/** How much of the token is kept for display ("mb_AbCdEfGh…"): enough to tell tokens apart, far too little to guess. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;
const TOKEN_PATTERN = /^mb_[A-Za-z0-9_-]{43}$/;

export function generateApiTokenSecret(): string {
  return API_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Tokens are stored only as this hash. sha256 suffices: the secret has 256 bits of entropy, nothing to brute-force. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
