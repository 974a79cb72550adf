import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/** A credentials post the sign-in endpoint refuses before anything is counted or checked. */
export class CredentialsRequestError extends Error {
  constructor(
    readonly status: 400 | 415,
    readonly code: "unsupported_media_type" | "duplicate_field",
    message: string,
  ) {
    super(message);
    this.name = "CredentialsRequestError";
  }
}

const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * The fields of a sign-in or sign-up post, read once: the rate limiter and the authorize step use this
 * result, and next-auth is handed a body rebuilt from it. Only an urlencoded form is accepted (next-auth
 * would also read JSON, which a second parser could read differently), and each field at most once
 * (with `email=a&email=b` one reader sees a and another b).
 */
export function parseCredentialsForm(contentType: string | null, body: string): Record<string, string> {
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType !== FORM_TYPE) {
    throw new CredentialsRequestError(
      415,
      "unsupported_media_type",
      `Sign-in and sign-up take a form (Content-Type: ${FORM_TYPE}), not ${mediaType || "a body without Content-Type"}.`,
    );
  }
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(body)) {
    if (name in fields) {
      throw new CredentialsRequestError(
        400,
        "duplicate_field",
        `The field "${name.slice(0, 40)}" appears more than once; send each field once.`,
      );
    }
    fields[name] = value;
  }
  return fields;
}

/** The form body next-auth reads: exactly the parsed fields, nothing a different parser could see differently. */
export function credentialsFormBody(fields: Record<string, string>): { body: string; contentType: string } {
  return { body: new URLSearchParams(Object.entries(fields)).toString(), contentType: FORM_TYPE };
}

export type CredentialAttempt = { email: string; password: string; name: string; ip: string };

const attempts = new AsyncLocalStorage<CredentialAttempt>();

export function attemptFromFields(fields: Record<string, string>, ip: string): CredentialAttempt {
  return { email: fields.email ?? "", password: fields.password ?? "", name: fields.name ?? "", ip };
}

/** Runs next-auth's handler with the attempt the limiter saw, for authorize() to use. */
export function withCredentialAttempt<T>(attempt: CredentialAttempt, run: () => T): T {
  return attempts.run(attempt, run);
}

/**
 * The attempt of the current request, as parsed by the route (never next-auth's own reading of the body).
 * Throws when authorize() runs outside that route: no unparsed, unlimited path into the password check.
 */
export function currentCredentialAttempt(): CredentialAttempt {
  const attempt = attempts.getStore();
  if (!attempt) throw new Error("Credentials are checked only through POST /api/auth/callback/<provider>.");
  return attempt;
}
