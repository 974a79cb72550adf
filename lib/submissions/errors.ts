/**
 * A refused or failed submission request, with the HTTP status the API answers and any extra fields
 * (dates, limits) a client needs to act on it.
 */
export class SubmissionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SubmissionError";
  }
}
