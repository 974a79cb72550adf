import { ZodError } from "zod";
import { jsonError } from "@/lib/http";

type HttpShapedError = Error & {
  status: number;
  code: string;
  retryAfterSeconds?: number;
  problems?: unknown[];
  total?: number;
};

function isHttpShaped(err: unknown): err is HttpShapedError {
  if (!(err instanceof Error)) return false;
  const { status, code } = err as Partial<HttpShapedError>;
  return typeof status === "number" && status >= 400 && status < 600 && typeof code === "string";
}

/** Validation errors that list their problems (e.g. CocoValidationError) are the client's fault: 400. */
function isProblemList(err: unknown): err is Error & { code: string; problems: unknown[]; total?: number } {
  if (!(err instanceof Error)) return false;
  const e = err as Partial<HttpShapedError>;
  return typeof e.code === "string" && Array.isArray(e.problems);
}

/**
 * Turns an error thrown by lib/ into the API's error response: `{ "error": { "code", "message", ... } }`.
 * Understands AuthError, InputError and any error with a numeric `status` and a string `code`
 * (plus `retryAfterSeconds` -> Retry-After, `problems`/`total` passed through), ZodError (400), and
 * answers 500 for anything else without leaking its message.
 *   try { ... } catch (err) { return apiErrorResponse(err); }
 */
export function apiErrorResponse(err: unknown): Response {
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
    return jsonError(400, "invalid_request", `Invalid request: ${summary}`, { problems });
  }
  if (isHttpShaped(err)) {
    const extra: Record<string, unknown> = {};
    if (err.problems) extra.problems = err.problems;
    if (err.total !== undefined) extra.total = err.total;
    const headers: Record<string, string> = {};
    if (err.retryAfterSeconds !== undefined) {
      headers["Retry-After"] = String(err.retryAfterSeconds);
      extra.retryAfterSeconds = err.retryAfterSeconds;
    }
    if (err.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="maskboard"';
    return jsonError(err.status, err.code, err.message, extra, { headers });
  }
  if (isProblemList(err)) {
    return jsonError(400, err.code, err.message, { problems: err.problems, total: err.total ?? err.problems.length });
  }
  console.error("Unhandled error in API route:", err);
  return jsonError(
    500,
    "internal_error",
    "Something went wrong on our side. Try again; if it persists, report it with the time of the request.",
  );
}
