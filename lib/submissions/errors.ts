import { AppError } from "@/lib/errors";

/**
 * A refused or failed submission request, with the HTTP status the API answers and any extra fields
 * (dates, limits) a client needs to act on it.
 */
export class SubmissionError extends AppError {
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super({ status, code, message, details, headers });
  }
}
