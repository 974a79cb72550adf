import { AppError, type Problem } from "@/lib/errors";

/**
 * A request the organizer console refuses for a business reason (not authorization): the status is
 * the HTTP status a route handler answers with, `problems` the specific findings with their paths.
 */
export class ChallengeError extends AppError {
  declare readonly status: 400 | 404 | 409 | 413 | 422;
  constructor(status: 400 | 404 | 409 | 413 | 422, code: string, message: string, problems: Problem[] = []) {
    super({ status, code, message, problems });
  }
}
