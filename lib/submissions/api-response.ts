import { apiErrorResponse } from "@/lib/auth/api-error-response";

/** The API answer for an error thrown by lib/submissions (details and Retry-After included), or any other. */
export function submissionErrorResponse(err: unknown): Response {
  return apiErrorResponse(err);
}
