/**
 * A request the organizer console refuses for a business reason (not authorization): the status is
 * the HTTP status a route handler answers with, `problems` the specific findings with their paths.
 */
export class ChallengeError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422,
    readonly code: string,
    message: string,
    readonly problems: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ChallengeError";
  }
}
