import { errorReport } from "@/lib/errors";
import { jsonError } from "@/lib/http";

/**
 * Turns any error thrown by lib/ into the API's error response `{ "error": { "code", "message", ... } }`
 * through the one table (lib/errors errorReport): problems and total when there are problems,
 * details (limits, dates) as extra fields, retryAfterSeconds also as Retry-After. Errors that are not
 * refusals answer 500 without their message and are logged.
 *   try { ... } catch (err) { return apiErrorResponse(err); }
 */
export function apiErrorResponse(err: unknown): Response {
  const report = errorReport(err);
  if (report.fault !== "user") console.error(`API error (${report.fault}):`, err);
  const extra: Record<string, unknown> = { ...report.details };
  if (report.problems.length > 0) {
    extra.problems = report.problems;
    extra.total = report.total;
  }
  const headers: Record<string, string> = { ...report.headers };
  if (report.retryAfterSeconds !== undefined) {
    headers["Retry-After"] = String(report.retryAfterSeconds);
    extra.retryAfterSeconds = report.retryAfterSeconds;
  }
  return jsonError(report.status, report.code, report.message, extra, { headers });
}
