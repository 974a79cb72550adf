import { AppError } from "@/lib/errors";
import type { Viewer } from "./viewer";

export type AuthErrorStatus = 401 | 403 | 404;

/**
 * A refused request. 401: sign in (or send a valid token) first; 403: signed in but not allowed;
 * 404: the resource is hidden from this viewer (we do not reveal that it exists).
 */
export class AuthError extends AppError {
  declare readonly status: AuthErrorStatus;

  constructor(status: AuthErrorStatus, code: string, message: string) {
    super({ status, code, message, headers: status === 401 ? { "WWW-Authenticate": 'Bearer realm="maskboard"' } : {} });
  }
}

export function unauthenticated(message = "Sign in first, or send an API token as 'Authorization: Bearer mb_...'."): AuthError {
  return new AuthError(401, "unauthenticated", message);
}

export function invalidToken(message: string): AuthError {
  return new AuthError(401, "invalid_token", message);
}

export function forbidden(message: string): AuthError {
  return new AuthError(403, "forbidden", message);
}

export function notFound(message: string): AuthError {
  return new AuthError(404, "not_found", message);
}

/**
 * The right refusal for a denied action: anonymous viewers are asked to sign in, viewers who may not
 * even see the resource get 404 (so drafts and private teams stay invisible), the others 403.
 */
export function denial(viewer: Viewer, opts: { canSee: boolean; what: string; action: string }): AuthError {
  if (viewer.userId === null) return unauthenticated(`Sign in to ${opts.action}.`);
  if (!opts.canSee) return notFound(`${opts.what} not found.`);
  return forbidden(`You are not allowed to ${opts.action}.`);
}

export { apiErrorResponse } from "./api-error-response";
