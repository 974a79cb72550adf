import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { jsonError } from "@/lib/http";
import { SubmissionError } from "./errors";

/** The API answer for an error thrown by lib/submissions (with its extra fields and Retry-After), or any other. */
export function submissionErrorResponse(err: unknown): Response {
  if (err instanceof SubmissionError) return jsonError(err.status, err.code, err.message, err.extra, { headers: err.headers });
  return apiErrorResponse(err);
}
